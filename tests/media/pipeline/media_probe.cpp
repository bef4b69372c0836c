#include "media_probe.hpp"

#include <cairo.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <gst/video/video.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace votercast::media::test {

MediaInfo discover(const std::filesystem::path& file) {
  if (!gst_is_initialized()) gst_init(nullptr, nullptr);
  MediaInfo result;
  GError* error = nullptr;
  GstDiscoverer* discoverer = gst_discoverer_new(15 * GST_SECOND, &error);
  if (!discoverer) {
    result.error = error ? error->message : "no discoverer";
    if (error) g_error_free(error);
    return result;
  }
  gchar* uri = gst_filename_to_uri(file.c_str(), nullptr);
  GstDiscovererInfo* info = gst_discoverer_discover_uri(discoverer, uri, &error);
  g_free(uri);
  if (error) {
    result.error = error->message;
    g_error_free(error);
  }
  if (info && gst_discoverer_info_get_result(info) == GST_DISCOVERER_OK) {
    result.readable = true;
    result.duration_s = static_cast<double>(gst_discoverer_info_get_duration(info)) / GST_SECOND;
    GList* videos = gst_discoverer_info_get_video_streams(info);
    if (videos) {
      auto* video = GST_DISCOVERER_VIDEO_INFO(videos->data);
      result.has_video = true;
      result.width = static_cast<int>(gst_discoverer_video_info_get_width(video));
      result.height = static_cast<int>(gst_discoverer_video_info_get_height(video));
      result.fps_num = static_cast<int>(gst_discoverer_video_info_get_framerate_num(video));
      result.fps_den = static_cast<int>(gst_discoverer_video_info_get_framerate_denom(video));
      GstCaps* caps = gst_discoverer_stream_info_get_caps(GST_DISCOVERER_STREAM_INFO(video));
      if (caps) {
        result.video_codec = gst_structure_get_name(gst_caps_get_structure(caps, 0));
        gst_caps_unref(caps);
      }
    }
    gst_discoverer_stream_info_list_free(videos);
    GList* audios = gst_discoverer_info_get_audio_streams(info);
    result.has_audio = audios != nullptr;
    if (audios) {
      auto* audio = GST_DISCOVERER_AUDIO_INFO(audios->data);
      result.audio_rate = static_cast<int>(gst_discoverer_audio_info_get_sample_rate(audio));
      result.audio_channels = static_cast<int>(gst_discoverer_audio_info_get_channels(audio));
    }
    gst_discoverer_stream_info_list_free(audios);
  } else if (result.error.empty()) {
    result.error = "not readable";
  }
  if (info) g_object_unref(info);
  g_object_unref(discoverer);
  return result;
}

namespace {
struct PngReader {
  const std::string* data;
  std::size_t offset = 0;
};
cairo_status_t read_png(void* closure, unsigned char* out, unsigned int length) {
  auto* reader = static_cast<PngReader*>(closure);
  if (reader->offset + length > reader->data->size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(out, reader->data->data() + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}
}  // namespace

DecodedPng::DecodedPng(const std::string& png) {
  if (png.empty()) return;
  PngReader reader{&png};
  cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(read_png, &reader);
  if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS) {
    width_ = cairo_image_surface_get_width(surface);
    height_ = cairo_image_surface_get_height(surface);
    stride_ = cairo_image_surface_get_stride(surface);
    pixels_.assign(reinterpret_cast<const char*>(cairo_image_surface_get_data(surface)),
                   static_cast<std::size_t>(stride_) * height_);
  }
  cairo_surface_destroy(surface);
}

Rgb DecodedPng::at(int x, int y) const {
  std::uint32_t pixel = 0;
  std::memcpy(&pixel, pixels_.data() + static_cast<std::size_t>(y) * stride_ + static_cast<std::size_t>(x) * 4, 4);
  return {static_cast<int>((pixel >> 16) & 0xff), static_cast<int>((pixel >> 8) & 0xff),
          static_cast<int>(pixel & 0xff)};
}

std::pair<int, int> jpeg_size(const std::string& jpeg) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(jpeg[i]); };
  if (jpeg.size() < 4 || byte(0) != 0xFF || byte(1) != 0xD8) return {0, 0};
  std::size_t i = 2;
  while (i + 9 < jpeg.size()) {
    if (byte(i) != 0xFF) return {0, 0};
    const unsigned marker = byte(i + 1);
    const std::size_t length = (byte(i + 2) << 8) | byte(i + 3);
    if (marker >= 0xC0 && marker <= 0xC2) {
      return {(byte(i + 7) << 8) | byte(i + 8), (byte(i + 5) << 8) | byte(i + 6)};
    }
    i += 2 + length;
  }
  return {0, 0};
}

void write_solid_png(const std::filesystem::path& file, int width, int height, Rgb colour) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, colour.r / 255.0, colour.g / 255.0, colour.b / 255.0);
  cairo_paint(cr);
  cairo_destroy(cr);
  const auto status = cairo_surface_write_to_png(surface, file.c_str());
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cannot write " + file.string());
}

namespace {

// Runs a gst-launch description until EOS (bounded); throws on error.
void run_to_end(const std::string& launch, const std::string& what) {
  if (!gst_is_initialized()) gst_init(nullptr, nullptr);
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(launch.c_str(), &error);
  if (error) {
    std::string message = error->message;
    g_error_free(error);
    if (pipeline) gst_object_unref(pipeline);
    throw std::runtime_error("cannot build " + what + ": " + message);
  }
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* message = gst_bus_timed_pop_filtered(bus, 30 * GST_SECOND,
                                                   static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  const bool ok = message && GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS;
  if (message) gst_message_unref(message);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  if (!ok) throw std::runtime_error("cannot make " + what);
}

}  // namespace

void write_solid_clip(const std::filesystem::path& file, int width, int height, double seconds, std::uint32_t argb,
                      bool with_audio) {
  const int frames = static_cast<int>(seconds * 25);
  const int audio_buffers = static_cast<int>(seconds * 48000 / 1024);
  const std::string launch =
      "videotestsrc pattern=solid-color foreground-color=" + std::to_string(argb) +
      " num-buffers=" + std::to_string(frames) + " ! video/x-raw,format=I420,width=" + std::to_string(width) +
      ",height=" + std::to_string(height) +
      ",framerate=25/1 ! x264enc speed-preset=ultrafast key-int-max=25 ! h264parse ! matroskamux name=mux"
      " ! filesink location=\"" + file.string() + "\"" +
      (with_audio ? " audiotestsrc num-buffers=" + std::to_string(audio_buffers) +
                        " samplesperbuffer=1024 ! audio/x-raw,rate=48000,channels=2 ! voaacenc ! aacparse ! mux."
                  : std::string());
  run_to_end(launch, "clip " + file.string());
}

namespace {

std::string video_caps(int width, int height) {
  return "video/x-raw,format=I420,width=" + std::to_string(width) + ",height=" + std::to_string(height) +
         ",framerate=25/1";
}

constexpr const char* kPcmCaps = "audio/x-raw,format=S16LE,rate=48000,channels=2,layout=interleaved";

GstClockTime running_time_of(GstSample* sample) {
  const GstSegment* segment = gst_sample_get_segment(sample);
  return gst_segment_to_running_time(segment, GST_FORMAT_TIME, GST_BUFFER_PTS(gst_sample_get_buffer(sample)));
}

}  // namespace

void write_step_clip(const std::filesystem::path& file, int width, int height, double before, double after) {
  const auto frames = [](double seconds) { return std::to_string(static_cast<int>(seconds * 25)); };
  const auto audio_buffers = [](double seconds) { return std::to_string(static_cast<int>(seconds * 50)); };
  const std::string caps = video_caps(width, height);
  run_to_end("concat name=vc ! " + caps + " ! x264enc speed-preset=ultrafast key-int-max=25 ! h264parse"
             " ! matroskamux name=mux ! filesink location=\"" + file.string() + "\""
             " videotestsrc pattern=black num-buffers=" + frames(before) + " ! " + caps + " ! vc."
             " videotestsrc pattern=white num-buffers=" + frames(after) + " ! " + caps + " ! vc."
             " concat name=ac ! " + kPcmCaps + " ! mux."
             " audiotestsrc wave=silence samplesperbuffer=960 num-buffers=" + audio_buffers(before) + " ! " +
                 kPcmCaps + " ! ac."
             " audiotestsrc wave=sine freq=1000 samplesperbuffer=960 num-buffers=" + audio_buffers(after) + " ! " +
                 kPcmCaps + " ! ac.",
             "step clip " + file.string());
}

Onsets find_onsets(const std::filesystem::path& file) {
  if (!gst_is_initialized()) gst_init(nullptr, nullptr);
  Onsets onsets;
  GstElement* pipeline = gst_pipeline_new("onsets");
  GstElement* source = gst_element_factory_make("filesrc", nullptr);
  GstElement* decoder = gst_element_factory_make("decodebin", nullptr);
  g_object_set(source, "location", file.c_str(), nullptr);
  gst_bin_add_many(GST_BIN(pipeline), source, decoder, nullptr);
  gst_element_link(source, decoder);
  struct Sinks {
    GstElement* pipeline;
    GstElement* video = nullptr;
    GstElement* audio = nullptr;
  } sinks{pipeline};
  g_signal_connect(decoder, "pad-added", G_CALLBACK(+[](GstElement*, GstPad* pad, gpointer data) {
                     auto* sinks = static_cast<Sinks*>(data);
                     GstCaps* caps = gst_pad_query_caps(pad, nullptr);
                     const bool video = g_str_has_prefix(gst_structure_get_name(gst_caps_get_structure(caps, 0)), "video");
                     gst_caps_unref(caps);
                     if ((video && sinks->video) || (!video && sinks->audio)) return;
                     const char* description = video ? "videoconvert ! video/x-raw,format=GRAY8 ! appsink sync=false wait-on-eos=false"
                                                     : "audioconvert ! audio/x-raw,format=S16LE,channels=1 ! appsink sync=false wait-on-eos=false";
                     GstElement* chain = gst_parse_bin_from_description(description, TRUE, nullptr);
                     gst_bin_add(GST_BIN(sinks->pipeline), chain);
                     GstPad* sink = gst_element_get_static_pad(chain, "sink");
                     gst_pad_link(pad, sink);
                     gst_object_unref(sink);
                     gst_element_sync_state_with_parent(chain);
                     (video ? sinks->video : sinks->audio) = chain;
                   }),
                   &sinks);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* message = gst_bus_timed_pop_filtered(bus, 30 * GST_SECOND,
                                                   static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  if (message) gst_message_unref(message);
  gst_object_unref(bus);

  const auto appsink_in = [](GstElement* chain) -> GstAppSink* {
    if (!chain) return nullptr;
    GstIterator* elements = gst_bin_iterate_sinks(GST_BIN(chain));
    GValue item = G_VALUE_INIT;
    GstAppSink* found = nullptr;
    if (gst_iterator_next(elements, &item) == GST_ITERATOR_OK) found = GST_APP_SINK(g_value_get_object(&item));
    g_value_unset(&item);
    gst_iterator_free(elements);
    return found;  // the bin keeps it alive
  };
  if (GstAppSink* video = appsink_in(sinks.video)) {
    while (GstSample* sample = gst_app_sink_try_pull_sample(video, 0)) {
      if (onsets.video_s < 0) {
        GstVideoInfo info;
        gst_video_info_from_caps(&info, gst_sample_get_caps(sample));
        GstMapInfo map;
        GstBuffer* buffer = gst_sample_get_buffer(sample);
        gst_buffer_map(buffer, &map, GST_MAP_READ);
        const int stride = GST_VIDEO_INFO_PLANE_STRIDE(&info, 0);
        const int luma = map.data[(GST_VIDEO_INFO_HEIGHT(&info) / 2) * stride + GST_VIDEO_INFO_WIDTH(&info) / 2];
        gst_buffer_unmap(buffer, &map);
        if (luma > 128) onsets.video_s = static_cast<double>(running_time_of(sample)) / GST_SECOND;
      }
      gst_sample_unref(sample);
    }
  }
  if (GstAppSink* audio = appsink_in(sinks.audio)) {
    while (GstSample* sample = gst_app_sink_try_pull_sample(audio, 0)) {
      if (onsets.audio_s < 0) {
        GstMapInfo map;
        GstBuffer* buffer = gst_sample_get_buffer(sample);
        gst_buffer_map(buffer, &map, GST_MAP_READ);
        const auto* samples = reinterpret_cast<const std::int16_t*>(map.data);
        for (std::size_t i = 0; i < map.size / 2; ++i) {
          if (std::abs(samples[i]) > 3277) {
            onsets.audio_s = static_cast<double>(running_time_of(sample)) / GST_SECOND + static_cast<double>(i) / 48000;
            break;
          }
        }
        gst_buffer_unmap(buffer, &map);
      }
      gst_sample_unref(sample);
    }
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return onsets;
}

}  // namespace votercast::media::test
