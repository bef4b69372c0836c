#include "media/graphics/i420_graphic.hpp"

#include <algorithm>
#include <cstring>

namespace votercast::media::graphics {
namespace {

// BT.709 limited range in 8.8 fixed point, the coefficients GStreamer's blend uses, applied
// to premultiplied components: the offsets (16, 128) are scaled by alpha as well.
inline int luma_of(int a, int r, int g, int b) { return (47 * r + 157 * g + 16 * b + 4096 * a / 255) >> 8; }

struct Sums {
  int a = 0, r = 0, g = 0, b = 0;
  void add(std::uint32_t pixel) {
    a += pixel >> 24, r += (pixel >> 16) & 0xFF, g += (pixel >> 8) & 0xFF, b += pixel & 0xFF;
  }
};

// One chroma sample from the sums of four premultiplied pixels, truncated as GStreamer's
// matrix does (so a graphic looks the same whichever blend draws it).
void chroma_of(const Sums& s, std::uint8_t& u, std::uint8_t& v, std::uint8_t& keep) {
  const int alpha = (s.a + 2) / 4;
  const int u_value = (-26 * s.r - 87 * s.g + 112 * s.b + 32768 * s.a / 255) >> 10;
  const int v_value = (112 * s.r - 102 * s.g - 10 * s.b + 32768 * s.a / 255) >> 10;
  // Never above alpha, so that a blend cannot pass 255.
  u = static_cast<std::uint8_t>(std::clamp(u_value, 0, alpha));
  v = static_cast<std::uint8_t>(std::clamp(v_value, 0, alpha));
  keep = static_cast<std::uint8_t>(255 - alpha);
}

// One row of the whole graphic, gathered from its tiles.
const std::uint32_t* gather_row(const std::vector<ArgbView>& tiles, int y, std::vector<std::uint32_t>& buffer) {
  if (tiles.size() == 1) return reinterpret_cast<const std::uint32_t*>(tiles[0].data + static_cast<std::ptrdiff_t>(y) * tiles[0].stride);
  std::size_t at = 0;
  for (const ArgbView& tile : tiles) {
    std::memcpy(buffer.data() + at, tile.data + static_cast<std::ptrdiff_t>(y) * tile.stride, tile.width * 4u);
    at += static_cast<std::size_t>(tile.width);
  }
  return buffer.data();
}

}  // namespace

std::size_t I420Graphic::bytes() const {
  return luma.size() + luma_keep.size() + u.size() + v.size() + chroma_keep.size() + u_odd.size() +
         v_odd.size() + chroma_keep_odd.size();
}

I420Graphic to_i420(const std::vector<ArgbView>& tiles, int x, int y, bool with_odd_phase) {
  I420Graphic out;
  if (tiles.empty()) return out;
  out.x = x & ~1;
  out.y = y & ~1;
  for (const ArgbView& tile : tiles) out.width += tile.width;
  out.width &= ~1;
  out.height = tiles[0].height & ~1;
  if (out.empty()) return out;
  const std::size_t w = static_cast<std::size_t>(out.width), cw = w / 2;
  out.luma.resize(w * out.height);
  out.luma_keep.resize(w * out.height);
  out.u.resize(cw * (out.height / 2));
  out.v.resize(out.u.size());
  out.chroma_keep.resize(out.u.size());
  if (with_odd_phase) {
    out.u_odd.resize(out.u.size());
    out.v_odd.resize(out.u.size());
    out.chroma_keep_odd.resize(out.u.size());
  }
  std::vector<std::uint32_t> top_buffer(tiles.size() > 1 ? w + 2 : 0), bottom_buffer(top_buffer.size());
  for (int row = 0; row < out.height; row += 2) {
    const std::uint32_t* top = gather_row(tiles, row, top_buffer);
    const std::uint32_t* bottom = gather_row(tiles, row + 1, bottom_buffer);
    for (int line = 0; line < 2; ++line) {
      const std::uint32_t* pixels = line ? bottom : top;
      std::uint8_t* luma = out.luma.data() + (row + line) * w;
      std::uint8_t* keep = out.luma_keep.data() + (row + line) * w;
      for (std::size_t i = 0; i < w; ++i) {
        const std::uint32_t p = pixels[i];
        const int a = p >> 24;
        luma[i] = static_cast<std::uint8_t>(
            std::clamp(luma_of(a, (p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF), 0, a));
        keep[i] = static_cast<std::uint8_t>(255 - a);
      }
    }
    const std::size_t chroma_row = static_cast<std::size_t>(row / 2) * cw;
    for (std::size_t c = 0; c < cw; ++c) {
      Sums even;
      even.add(top[2 * c]), even.add(top[2 * c + 1]), even.add(bottom[2 * c]), even.add(bottom[2 * c + 1]);
      chroma_of(even, out.u[chroma_row + c], out.v[chroma_row + c], out.chroma_keep[chroma_row + c]);
      if (!with_odd_phase) continue;
      const std::size_t next = (2 * c + 2) % w;
      Sums odd;
      odd.add(top[2 * c + 1]), odd.add(top[next]), odd.add(bottom[2 * c + 1]), odd.add(bottom[next]);
      chroma_of(odd, out.u_odd[chroma_row + c], out.v_odd[chroma_row + c], out.chroma_keep_odd[chroma_row + c]);
    }
  }
  return out;
}

}  // namespace votercast::media::graphics
