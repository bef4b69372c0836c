#pragma once
// A rendered graphic converted once to the programme's format, so that a frame only blends:
// premultiplied Y, U, V and how much of the picture below each sample keeps (255 - alpha),
// at luma and at chroma resolution (internal header).
#include <cstdint>
#include <vector>

namespace votercast::media::graphics {

struct I420Graphic {
  int x = 0, y = 0;           // frame position, even
  int width = 0, height = 0;  // even
  std::vector<std::uint8_t> luma, luma_keep;          // width x height
  std::vector<std::uint8_t> u, v, chroma_keep;        // width/2 x height/2
  // For a strip that crawls by odd pixel counts: chroma of the column pairs (1,2), (3,4)...
  // (the strip is periodic, so the last pair wraps to column 0).
  std::vector<std::uint8_t> u_odd, v_odd, chroma_keep_odd;

  bool empty() const { return width <= 0 || height <= 0; }
  bool has_odd_phase() const { return !u_odd.empty(); }
  std::size_t bytes() const;
};

// Premultiplied ARGB32 rows (Cairo's format: one native-endian 32-bit word a pixel).
struct ArgbView {
  const std::uint8_t* data = nullptr;
  int stride = 0;
  int width = 0, height = 0;  // all tiles of one graphic have the same height
};

// BT.709 limited range, as GStreamer's blend converts RGB for HD. `tiles` lie side by side,
// their widths adding up to an even total; the height must be even.
I420Graphic to_i420(const std::vector<ArgbView>& tiles, int x, int y, bool with_odd_phase);

}  // namespace votercast::media::graphics
