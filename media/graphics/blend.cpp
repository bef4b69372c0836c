#include "media/graphics/blend.hpp"

#include <algorithm>
#include <cstdint>

namespace votercast::media::graphics {
namespace {

using u8 = std::uint8_t;
using u16 = std::uint16_t;

// dst = src + dst * keep / 255 (rounded), premultiplied "over". Whole chunks of a fixed
// length so that -O2's very-cheap vectorizer takes the inner loop; the tail is scalar.
constexpr int kChunk = 32;

void blend_span(u8* __restrict dst, const u8* __restrict src, const u8* __restrict keep, int n) {
  int i = 0;
  for (; i + kChunk <= n; i += kChunk)
    for (int k = 0; k < kChunk; ++k) {
      const u16 t = static_cast<u16>(dst[i + k] * keep[i + k] + 128);
      dst[i + k] = static_cast<u8>(src[i + k] + ((t + (t >> 8)) >> 8));
    }
  for (; i < n; ++i) {
    const u16 t = static_cast<u16>(dst[i] * keep[i] + 128);
    dst[i] = static_cast<u8>(src[i] + ((t + (t >> 8)) >> 8));
  }
}

// The same with the graphic's alpha and colour scaled by alpha/256 (fades).
void blend_span_faded(u8* __restrict dst, const u8* __restrict src, const u8* __restrict keep, int n,
                      u16 alpha) {
  int i = 0;
  for (; i + kChunk <= n; i += kChunk)
    for (int k = 0; k < kChunk; ++k) {
      const u16 covered = static_cast<u16>(((255 - keep[i + k]) * alpha) >> 8);
      const u16 colour = static_cast<u16>((src[i + k] * alpha) >> 8);
      const u16 t = static_cast<u16>(dst[i + k] * (255 - covered) + 128);
      dst[i + k] = static_cast<u8>(colour + ((t + (t >> 8)) >> 8));
    }
  for (; i < n; ++i) {
    const u16 covered = static_cast<u16>(((255 - keep[i]) * alpha) >> 8);
    const u16 colour = static_cast<u16>((src[i] * alpha) >> 8);
    const u16 t = static_cast<u16>(dst[i] * (255 - covered) + 128);
    dst[i] = static_cast<u8>(colour + ((t + (t >> 8)) >> 8));
  }
}

void blend_plane(u8* dst, int dst_stride, const u8* src, const u8* keep, int src_stride, int width, int rows,
                 int alpha) {
  for (int row = 0; row < rows; ++row) {
    u8* d = dst + static_cast<std::ptrdiff_t>(row) * dst_stride;
    const std::ptrdiff_t at = static_cast<std::ptrdiff_t>(row) * src_stride;
    if (alpha >= kOpaque) blend_span(d, src + at, keep + at, width);
    else blend_span_faded(d, src + at, keep + at, width, static_cast<u16>(alpha));
  }
}

}  // namespace

void blend_graphic(VideoFrameView& frame, const I420Graphic& graphic, int dst_x, int dst_y, int src_x, int width,
                   int global_alpha) {
  if (graphic.empty() || global_alpha <= 0 || width <= 0) return;
  dst_x &= ~1;
  dst_y &= ~1;
  src_x = std::max(src_x, 0);
  int src_y = 0;
  if (dst_x < 0) src_x -= dst_x, width += dst_x, dst_x = 0;
  if (dst_y < 0) src_y = -dst_y, dst_y = 0;
  width = std::min({width, graphic.width - src_x, frame.width - dst_x});
  const int rows = std::min(graphic.height - src_y, frame.height - dst_y);
  if (width <= 0 || rows <= 0) return;

  const int stride = graphic.width;
  const std::ptrdiff_t luma_at = static_cast<std::ptrdiff_t>(src_y) * stride + src_x;
  blend_plane(frame.data[0] + static_cast<std::ptrdiff_t>(dst_y) * frame.stride[0] + dst_x, frame.stride[0],
              graphic.luma.data() + luma_at, graphic.luma_keep.data() + luma_at, stride, width, rows,
              global_alpha);

  // Chroma: half the columns and rows; an odd source column starts a pair one pixel later.
  const bool odd = (src_x & 1) && graphic.has_odd_phase();
  const int chroma_stride = graphic.width / 2;
  const std::ptrdiff_t chroma_at = static_cast<std::ptrdiff_t>(src_y / 2) * chroma_stride + src_x / 2;
  const int chroma_width = (width + 1) / 2, chroma_rows = (rows + 1) / 2;
  const u8* u = (odd ? graphic.u_odd : graphic.u).data() + chroma_at;
  const u8* v = (odd ? graphic.v_odd : graphic.v).data() + chroma_at;
  const u8* keep = (odd ? graphic.chroma_keep_odd : graphic.chroma_keep).data() + chroma_at;
  const std::ptrdiff_t frame_chroma_x = dst_x / 2;
  blend_plane(frame.data[1] + static_cast<std::ptrdiff_t>(dst_y / 2) * frame.stride[1] + frame_chroma_x,
              frame.stride[1], u, keep, chroma_stride, chroma_width, chroma_rows, global_alpha);
  blend_plane(frame.data[2] + static_cast<std::ptrdiff_t>(dst_y / 2) * frame.stride[2] + frame_chroma_x,
              frame.stride[2], v, keep, chroma_stride, chroma_width, chroma_rows, global_alpha);
}

}  // namespace votercast::media::graphics
