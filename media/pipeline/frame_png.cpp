#include "media/pipeline/frame_png.hpp"

#include <cairo.h>

#include <memory>

#include "media/pipeline/gst_handles.hpp"

namespace votercast::media::pipeline {
namespace {

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string encode_png(GstBuffer* frame, const GstVideoInfo& info) {
  const int width = GST_VIDEO_INFO_WIDTH(&info);
  const int height = GST_VIDEO_INFO_HEIGHT(&info);
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_destroy);
  const int stride = cairo_image_surface_get_stride(surface.get());

  // Cairo's RGB24 is BGRx in memory on little-endian machines.
  GstVideoInfo bgrx_info;
  gst_video_info_set_format(&bgrx_info, GST_VIDEO_FORMAT_BGRx, width, height);
  // The converter insists on equal rates, even for a single picture.
  GST_VIDEO_INFO_FPS_N(&bgrx_info) = GST_VIDEO_INFO_FPS_N(&info);
  GST_VIDEO_INFO_FPS_D(&bgrx_info) = GST_VIDEO_INFO_FPS_D(&info);
  bgrx_info.stride[0] = stride;
  bgrx_info.size = static_cast<gsize>(stride) * height;
  BufferPtr target(gst_buffer_new_wrapped_full(static_cast<GstMemoryFlags>(0),
                                               cairo_image_surface_get_data(surface.get()), bgrx_info.size, 0,
                                               bgrx_info.size, nullptr, nullptr));
  GstVideoFrame in;
  GstVideoFrame out;
  if (!gst_video_frame_map(&in, const_cast<GstVideoInfo*>(&info), frame, GST_MAP_READ)) return {};
  gst_video_frame_map(&out, &bgrx_info, target.get(), GST_MAP_WRITE);
  GstVideoConverter* converter = gst_video_converter_new(const_cast<GstVideoInfo*>(&info), &bgrx_info, nullptr);
  gst_video_converter_frame(converter, &in, &out);
  gst_video_converter_free(converter);
  gst_video_frame_unmap(&out);
  gst_video_frame_unmap(&in);
  target.reset();

  cairo_surface_mark_dirty(surface.get());
  std::string png;
  cairo_surface_write_to_png_stream(surface.get(), append_to_string, &png);
  return png;
}

}  // namespace votercast::media::pipeline
