#pragma once
// GStreamer's stock overlay blend (GstVideoOverlayComposition) on the same ARGB rectangles
// we blend ourselves: the reference for the tests and the peer for the benchmark.
#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "i420_frame.hpp"

namespace votercast::media::graphics::test_support {

inline void init_gstreamer() {
  static const bool done = [] {
    gst_init(nullptr, nullptr);
    return true;
  }();
  (void)done;
}

// One premultiplied ARGB32 rectangle (Cairo's layout: BGRA bytes on little-endian).
struct ArgbRectangle {
  int x, y, width, height;
  std::vector<std::uint32_t> pixels;  // width x height
  float global_alpha = 1.0f;
};

class StockComposition {
 public:
  explicit StockComposition(const std::vector<ArgbRectangle>& rectangles) {
    init_gstreamer();
    for (const ArgbRectangle& r : rectangles) {
      GstBuffer* buffer = gst_buffer_new_allocate(nullptr, r.pixels.size() * 4, nullptr);
      gst_buffer_fill(buffer, 0, r.pixels.data(), r.pixels.size() * 4);
      gst_buffer_add_video_meta(buffer, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB,
                                r.width, r.height);
      GstVideoOverlayRectangle* rect = gst_video_overlay_rectangle_new_raw(
          buffer, r.x, r.y, r.width, r.height, GST_VIDEO_OVERLAY_FORMAT_FLAG_PREMULTIPLIED_ALPHA);
      gst_buffer_unref(buffer);
      if (r.global_alpha != 1.0f) gst_video_overlay_rectangle_set_global_alpha(rect, r.global_alpha);
      if (!composition_) composition_ = gst_video_overlay_composition_new(rect);
      else gst_video_overlay_composition_add_rectangle(composition_, rect);
      gst_video_overlay_rectangle_unref(rect);
    }
  }
  ~StockComposition() {
    if (composition_) gst_video_overlay_composition_unref(composition_);
    if (buffer_) gst_buffer_unref(buffer_);
  }
  StockComposition(const StockComposition&) = delete;
  StockComposition& operator=(const StockComposition&) = delete;

  // Blends into a GStreamer-mapped copy of `frame` and copies the result back.
  void blend(I420Frame& frame) {
    GstVideoInfo info;
    gst_video_info_set_format(&info, GST_VIDEO_FORMAT_I420, frame.width, frame.height);
    if (!buffer_ || width_ != frame.width || height_ != frame.height) {
      if (buffer_) gst_buffer_unref(buffer_);
      buffer_ = gst_buffer_new_allocate(nullptr, GST_VIDEO_INFO_SIZE(&info), nullptr);
      width_ = frame.width, height_ = frame.height;
    }
    GstVideoFrame mapped;
    gst_video_frame_map(&mapped, &info, buffer_, GST_MAP_READWRITE);
    copy_planes(frame, mapped, true);
    if (composition_) gst_video_overlay_composition_blend(composition_, &mapped);
    copy_planes(frame, mapped, false);
    gst_video_frame_unmap(&mapped);
  }

  // Only the blend, on a frame already mapped (the benchmark times this).
  void blend_mapped(GstVideoFrame& mapped) {
    if (composition_) gst_video_overlay_composition_blend(composition_, &mapped);
  }

 private:
  static void copy_planes(I420Frame& frame, GstVideoFrame& mapped, bool into_gst) {
    std::uint8_t* planes[3] = {frame.y.data(), frame.u.data(), frame.v.data()};
    const int widths[3] = {frame.width, frame.chroma_width(), frame.chroma_width()};
    const int heights[3] = {frame.height, frame.chroma_height(), frame.chroma_height()};
    for (int p = 0; p < 3; ++p) {
      auto* gst_plane = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&mapped, p));
      const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&mapped, p);
      for (int row = 0; row < heights[p]; ++row) {
        std::uint8_t* ours = planes[p] + static_cast<std::size_t>(row) * widths[p];
        std::uint8_t* theirs = gst_plane + static_cast<std::size_t>(row) * stride;
        if (into_gst) std::memcpy(theirs, ours, widths[p]);
        else std::memcpy(ours, theirs, widths[p]);
      }
    }
  }

  GstVideoOverlayComposition* composition_ = nullptr;
  GstBuffer* buffer_ = nullptr;
  int width_ = 0, height_ = 0;
};

}  // namespace votercast::media::graphics::test_support
