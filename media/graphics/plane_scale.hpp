#pragma once
// Resizing one 8-bit picture plane (Y, U or V), bilinear: a caller's picture into its
// place on the programme, the studio's into its half when the two are side by side.
#include <cstdint>

namespace votercast::media::graphics {

struct PlaneView {
  const std::uint8_t* data = nullptr;
  int width = 0, height = 0, stride = 0;
};

struct MutablePlaneView {
  std::uint8_t* data = nullptr;
  int width = 0, height = 0, stride = 0;
};

// Samples at pixel centres, so that halving averages each 2x2 block. Source and
// destination must not overlap.
void scale_plane(const PlaneView& from, const MutablePlaneView& to);

}  // namespace votercast::media::graphics
