#include "media/pipeline/slate.hpp"

#include <cairo.h>
#include <gst/app/gstappsink.h>
#include <pango/pangocairo.h>

#include <memory>
#include <stdexcept>

#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::pipeline {
namespace {

constexpr const char* kSlateHeadline = "Tín hiệu tạm gián đoạn";
constexpr const char* kSlateSubline = "Xin quý vị vui lòng chờ trong giây lát";

struct CairoSurfaceRelease {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct CairoRelease {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct FontDescriptionRelease {
  void operator()(PangoFontDescription* description) const { pango_font_description_free(description); }
};

void draw_centered_text(cairo_t* cr, const char* text, const char* family, double pixel_size, double center_y,
                        int width) {
  std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(pango_cairo_create_layout(cr), g_object_unref);
  std::unique_ptr<PangoFontDescription, FontDescriptionRelease> font(pango_font_description_from_string(family));
  pango_font_description_set_absolute_size(font.get(), pixel_size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_text(layout.get(), text, -1);
  int text_width = 0;
  int text_height = 0;
  pango_layout_get_pixel_size(layout.get(), &text_width, &text_height);
  cairo_move_to(cr, (width - text_width) / 2.0, center_y - text_height / 2.0);
  pango_cairo_show_layout(cr, layout.get());
}

BufferPtr render_card(const GstVideoInfo& info) {
  const int width = GST_VIDEO_INFO_WIDTH(&info);
  const int height = GST_VIDEO_INFO_HEIGHT(&info);
  std::unique_ptr<cairo_surface_t, CairoSurfaceRelease> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  std::unique_ptr<cairo_t, CairoRelease> cr(cairo_create(surface.get()));

  // Deep blue to navy, the channel's idents; a red rule like the lower thirds.
  std::unique_ptr<cairo_pattern_t, decltype(&cairo_pattern_destroy)> background(
      cairo_pattern_create_linear(0, 0, 0, height), cairo_pattern_destroy);
  cairo_pattern_add_color_stop_rgb(background.get(), 0, 0.05, 0.18, 0.42);
  cairo_pattern_add_color_stop_rgb(background.get(), 1, 0.02, 0.07, 0.20);
  cairo_set_source(cr.get(), background.get());
  cairo_paint(cr.get());

  const double unit = height / 1080.0;
  cairo_set_source_rgb(cr.get(), 0.80, 0.10, 0.12);
  cairo_rectangle(cr.get(), width * 0.3, height * 0.5 - 4 * unit, width * 0.4, 8 * unit);
  cairo_fill(cr.get());

  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  draw_centered_text(cr.get(), kSlateHeadline, "Noto Sans Bold", 84 * unit, height * 0.5 - 90 * unit, width);
  cairo_set_source_rgb(cr.get(), 0.85, 0.88, 0.95);
  draw_centered_text(cr.get(), kSlateSubline, "Noto Sans", 44 * unit, height * 0.5 + 80 * unit, width);

  cairo_surface_flush(surface.get());
  return bgra_to_i420(cairo_image_surface_get_data(surface.get()), cairo_image_surface_get_stride(surface.get()),
                      info);
}

BufferPtr load_image(const GstVideoInfo& info, const std::string& path) {
  const std::string failed = "slate image '" + path + "' could not be read";
  // decodebin picks PNG or JPEG; videoscale letterboxes anything that is not 16:9.
  PipelinePtr pipeline(gst_pipeline_new("slate-image"));
  GstElement* source = make_element("filesrc");
  GstElement* decoder = make_element("decodebin");
  GstElement* convert = make_element("videoconvert");
  GstElement* scale = make_element("videoscale");
  GstElement* filter = make_element("capsfilter");
  GstElement* sink = make_element("appsink");
  gst_bin_add_many(GST_BIN(pipeline.get()), source, decoder, convert, scale, filter, sink, nullptr);
  g_object_set(source, "location", path.c_str(), nullptr);
  CapsPtr caps(gst_video_info_to_caps(&info));
  // A still image has no frame rate; only its size and format are fixed.
  gst_structure_remove_field(gst_caps_get_structure(caps.get(), 0), "framerate");
  g_object_set(filter, "caps", caps.get(), nullptr);
  gst_element_link(source, decoder);
  gst_element_link_many(convert, scale, filter, sink, nullptr);
  g_signal_connect(decoder, "pad-added", G_CALLBACK(+[](GstElement*, GstPad* pad, gpointer convert_element) {
                     PadPtr sink_pad(gst_element_get_static_pad(GST_ELEMENT(convert_element), "sink"));
                     if (!gst_pad_is_linked(sink_pad.get())) gst_pad_link(pad, sink_pad.get());
                   }),
                   convert);

  if (gst_element_set_state(pipeline.get(), GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE) {
    BusPtr bus(gst_element_get_bus(pipeline.get()));
    MessagePtr error = pop_error_or_eos(bus.get(), 0);
    throw std::runtime_error(failed + (error ? ": " + describe_message(error.get()) : ""));
  }
  SamplePtr sample(gst_app_sink_try_pull_preroll(GST_APP_SINK(sink), 5 * GST_SECOND));
  if (!sample) {
    BusPtr bus(gst_element_get_bus(pipeline.get()));
    MessagePtr error = pop_error_or_eos(bus.get(), 0);
    throw std::runtime_error(failed + (error ? ": " + describe_message(error.get()) : ""));
  }
  // Copy into a buffer of our own: the decoder's memory goes with its pipeline.
  GstBuffer* decoded = gst_sample_get_buffer(sample.get());
  BufferPtr slate(gst_buffer_new_allocate(nullptr, GST_VIDEO_INFO_SIZE(&info), nullptr));
  GstVideoFrame in;
  GstVideoFrame out;
  GstVideoInfo decoded_info;
  gst_video_info_from_caps(&decoded_info, gst_sample_get_caps(sample.get()));
  if (!gst_video_frame_map(&in, &decoded_info, decoded, GST_MAP_READ)) throw std::runtime_error(failed);
  gst_video_frame_map(&out, const_cast<GstVideoInfo*>(&info), slate.get(), GST_MAP_WRITE);
  gst_video_frame_copy(&out, &in);
  gst_video_frame_unmap(&out);
  gst_video_frame_unmap(&in);
  return slate;
}

}  // namespace

BufferPtr bgra_to_i420(const unsigned char* bgra, int stride, const GstVideoInfo& i420_info) {
  GstVideoInfo bgra_info;
  gst_video_info_set_format(&bgra_info, GST_VIDEO_FORMAT_BGRA, GST_VIDEO_INFO_WIDTH(&i420_info),
                            GST_VIDEO_INFO_HEIGHT(&i420_info));
  // The converter insists on equal rates, even for a single picture.
  GST_VIDEO_INFO_FPS_N(&bgra_info) = GST_VIDEO_INFO_FPS_N(&i420_info);
  GST_VIDEO_INFO_FPS_D(&bgra_info) = GST_VIDEO_INFO_FPS_D(&i420_info);
  bgra_info.stride[0] = stride;
  bgra_info.size = static_cast<gsize>(stride) * GST_VIDEO_INFO_HEIGHT(&i420_info);
  // Borrow the pixels for the conversion; nothing keeps the wrapper beyond this call.
  BufferPtr picture(gst_buffer_new_wrapped_full(GST_MEMORY_FLAG_READONLY, const_cast<unsigned char*>(bgra),
                                                bgra_info.size, 0, bgra_info.size, nullptr, nullptr));
  BufferPtr result(gst_buffer_new_allocate(nullptr, GST_VIDEO_INFO_SIZE(&i420_info), nullptr));
  GstVideoFrame in;
  GstVideoFrame out;
  gst_video_frame_map(&in, &bgra_info, picture.get(), GST_MAP_READ);
  gst_video_frame_map(&out, const_cast<GstVideoInfo*>(&i420_info), result.get(), GST_MAP_WRITE);
  GstVideoConverter* converter = gst_video_converter_new(&bgra_info, const_cast<GstVideoInfo*>(&i420_info), nullptr);
  gst_video_converter_frame(converter, &in, &out);
  gst_video_converter_free(converter);
  gst_video_frame_unmap(&out);
  gst_video_frame_unmap(&in);
  return result;
}

BufferPtr render_slate(const GstVideoInfo& info, const std::string& image_path) {
  return image_path.empty() ? render_card(info) : load_image(info, image_path);
}

}  // namespace votercast::media::pipeline
