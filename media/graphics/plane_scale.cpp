#include "media/graphics/plane_scale.hpp"

#include <algorithm>
#include <vector>

namespace votercast::media::graphics {
namespace {

// Where destination index i samples the source: the two neighbours and the second's weight (0..256).
struct Tap {
  int first, second, weight;
};

std::vector<Tap> taps(int from, int to) {
  std::vector<Tap> out(static_cast<std::size_t>(to));
  const double step = static_cast<double>(from) / to;
  for (int i = 0; i < to; ++i) {
    const double at = std::clamp((i + 0.5) * step - 0.5, 0.0, static_cast<double>(from - 1));
    const int first = static_cast<int>(at);
    out[static_cast<std::size_t>(i)] = {first, std::min(first + 1, from - 1),
                                        static_cast<int>((at - first) * 256 + 0.5)};
  }
  return out;
}

}  // namespace

void scale_plane(const PlaneView& from, const MutablePlaneView& to) {
  if (from.width <= 0 || from.height <= 0 || to.width <= 0 || to.height <= 0) return;
  const auto columns = taps(from.width, to.width);
  const auto rows = taps(from.height, to.height);
  for (int y = 0; y < to.height; ++y) {
    const Tap& row = rows[static_cast<std::size_t>(y)];
    const std::uint8_t* a = from.data + static_cast<std::ptrdiff_t>(row.first) * from.stride;
    const std::uint8_t* b = from.data + static_cast<std::ptrdiff_t>(row.second) * from.stride;
    std::uint8_t* out = to.data + static_cast<std::ptrdiff_t>(y) * to.stride;
    for (int x = 0; x < to.width; ++x) {
      const Tap& c = columns[static_cast<std::size_t>(x)];
      const int upper = a[c.first] * (256 - c.weight) + a[c.second] * c.weight;
      const int lower = b[c.first] * (256 - c.weight) + b[c.second] * c.weight;
      out[x] = static_cast<std::uint8_t>((upper * (256 - row.weight) + lower * row.weight + (1 << 15)) >> 16);
    }
  }
}

}  // namespace votercast::media::graphics
