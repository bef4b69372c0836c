#pragma once
// Our own blend of a premultiplied I420Graphic into an I420 frame, plane by plane
// (internal header). The loops are plain byte loops that g++ -O2 vectorizes.
#include "media/graphics/i420_graphic.hpp"
#include "media/video_frame.hpp"

namespace votercast::media::graphics {

inline constexpr int kOpaque = 256;  // global alpha of a graphic at full strength

// Blends columns [src_x, src_x + width) of `graphic` with its top-left at frame (dst_x, dst_y),
// clipped to the frame, at global_alpha/256 of its own alpha. dst_x and dst_y are made even;
// an odd src_x takes the odd-phase chroma when the graphic has it.
void blend_graphic(VideoFrameView& frame, const I420Graphic& graphic, int dst_x, int dst_y, int src_x,
                   int width, int global_alpha);

inline void blend_graphic(VideoFrameView& frame, const I420Graphic& graphic, int global_alpha = kOpaque) {
  blend_graphic(frame, graphic, graphic.x, graphic.y, 0, graphic.width, global_alpha);
}

}  // namespace votercast::media::graphics
