#include "recording_reader.hpp"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstdlib>
#include <mutex>

namespace votercast::media::test {
namespace {

struct Decode {
  GstElement* pipeline = nullptr;
  std::mutex mutex;
  DecodedRecording result;
  bool video_linked = false;
  bool audio_linked = false;
};

std::int64_t running_time(GstSample* sample) {
  const GstSegment* segment = gst_sample_get_segment(sample);
  return static_cast<std::int64_t>(
      gst_segment_to_running_time(segment, GST_FORMAT_TIME, GST_BUFFER_PTS(gst_sample_get_buffer(sample))));
}

GstFlowReturn on_video(GstAppSink* sink, gpointer data) {
  auto* decode = static_cast<Decode*>(data);
  GstSample* sample = gst_app_sink_pull_sample(sink);
  if (!sample) return GST_FLOW_EOS;
  GstVideoInfo info;
  gst_video_info_from_caps(&info, gst_sample_get_caps(sample));
  GstVideoFrame frame;
  if (gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample), GST_MAP_READ)) {
    DecodedFrame decoded;
    decoded.pts_ns = running_time(sample);
    const int y = GST_VIDEO_INFO_HEIGHT(&info) / 3;
    for (std::size_t i = 0; i < decoded.row.size(); ++i) {
      const int x = static_cast<int>((2 * i + 1) * GST_VIDEO_INFO_WIDTH(&info) / (2 * decoded.row.size()));
      const auto plane = [&](int index, int px, int py) {
        const auto* data = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, index));
        return static_cast<int>(data[py * GST_VIDEO_FRAME_PLANE_STRIDE(&frame, index) + px]);
      };
      decoded.row[i] = {plane(0, x, y), plane(1, x / 2, y / 2), plane(2, x / 2, y / 2)};
    }
    gst_video_frame_unmap(&frame);
    std::lock_guard lock(decode->mutex);
    decode->result.video.push_back(decoded);
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

GstFlowReturn on_audio(GstAppSink* sink, gpointer data) {
  auto* decode = static_cast<Decode*>(data);
  GstSample* sample = gst_app_sink_pull_sample(sink);
  if (!sample) return GST_FLOW_EOS;
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  GstMapInfo map;
  if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    DecodedAudio decoded;
    decoded.pts_ns = running_time(sample);
    const auto frames = map.size / sizeof(std::int16_t);
    decoded.duration_ns = GST_BUFFER_DURATION_IS_VALID(buffer)
                              ? static_cast<std::int64_t>(GST_BUFFER_DURATION(buffer))
                              : static_cast<std::int64_t>(frames * GST_SECOND / 48000);
    const auto* samples = reinterpret_cast<const std::int16_t*>(map.data);
    for (std::size_t i = 0; i < frames; ++i) decoded.peak = std::max(decoded.peak, std::abs(int{samples[i]}));
    gst_buffer_unmap(buffer, &map);
    std::lock_guard lock(decode->mutex);
    decode->result.audio.push_back(decoded);
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

void on_pad_added(GstElement*, GstPad* pad, gpointer data) {
  auto* decode = static_cast<Decode*>(data);
  GstCaps* caps = gst_pad_query_caps(pad, nullptr);
  const bool video = g_str_has_prefix(gst_structure_get_name(gst_caps_get_structure(caps, 0)), "video");
  gst_caps_unref(caps);
  {
    std::lock_guard lock(decode->mutex);
    bool& linked = video ? decode->video_linked : decode->audio_linked;
    if (linked) return;
    linked = true;
  }
  const char* description =
      video ? "videoconvert ! video/x-raw,format=I420 ! appsink name=sink sync=false"
            : "audioconvert ! audio/x-raw,format=S16LE,channels=1,layout=interleaved ! appsink name=sink sync=false";
  GstElement* chain = gst_parse_bin_from_description(description, TRUE, nullptr);
  gst_bin_add(GST_BIN(decode->pipeline), chain);
  GstElement* sink = gst_bin_get_by_name(GST_BIN(chain), "sink");
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = video ? on_video : on_audio;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, decode, nullptr);
  gst_object_unref(sink);
  GstPad* chain_sink = gst_element_get_static_pad(chain, "sink");
  gst_pad_link(pad, chain_sink);
  gst_object_unref(chain_sink);
  gst_element_sync_state_with_parent(chain);
}

}  // namespace

DecodedRecording decode_recording(const std::filesystem::path& file) {
  if (!gst_is_initialized()) gst_init(nullptr, nullptr);
  Decode decode;
  decode.pipeline = gst_pipeline_new("read-recording");
  GstElement* source = gst_element_factory_make("filesrc", nullptr);
  GstElement* decoder = gst_element_factory_make("decodebin", nullptr);
  g_object_set(source, "location", file.c_str(), nullptr);
  gst_bin_add_many(GST_BIN(decode.pipeline), source, decoder, nullptr);
  gst_element_link(source, decoder);
  g_signal_connect(decoder, "pad-added", G_CALLBACK(on_pad_added), &decode);
  gst_element_set_state(decode.pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(decode.pipeline);
  GstMessage* message = gst_bus_timed_pop_filtered(bus, 60 * GST_SECOND,
                                                   static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  if (message && GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS) {
    decode.result.finished = true;
  } else if (message) {
    GError* error = nullptr;
    gst_message_parse_error(message, &error, nullptr);
    decode.result.error = error ? error->message : "error";
    if (error) g_error_free(error);
  } else {
    decode.result.error = "no end of stream within 60 s";
  }
  if (message) gst_message_unref(message);
  gst_object_unref(bus);
  gst_element_set_state(decode.pipeline, GST_STATE_NULL);
  gst_object_unref(decode.pipeline);
  std::lock_guard lock(decode.mutex);
  return std::move(decode.result);
}

}  // namespace votercast::media::test
