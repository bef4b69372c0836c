#include "media/pipeline/output_pipeline.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::pipeline {
namespace {

constexpr guint64 kMaxQueuedNs = 3 * GST_SECOND;  // beyond that the output is too late anyway

GstElement* make_feed_source(const char* name) {
  GstElement* source = make_element("appsrc", name);
  g_object_set(source, "format", GST_FORMAT_TIME, "is-live", FALSE, "block", FALSE, "max-bytes", guint64{0},
               "max-buffers", guint64{0}, "max-time", kMaxQueuedNs, nullptr);
  gst_app_src_set_leaky_type(GST_APP_SRC(source), GST_APP_LEAKY_TYPE_DOWNSTREAM);
  return source;
}

void link_or_throw(GstElement* from, GstElement* to) {
  if (!gst_element_link(from, to)) {
    throw std::runtime_error(std::string("cannot link ") + GST_OBJECT_NAME(from) + " to " + GST_OBJECT_NAME(to));
  }
}

void link_to_request_pad(GstElement* from, GstElement* to, const char* pad_name) {
  PadPtr sink(gst_element_request_pad_simple(to, pad_name));
  PadPtr source(gst_element_get_static_pad(from, "src"));
  if (!sink || gst_pad_link(source.get(), sink.get()) != GST_PAD_LINK_OK) {
    throw std::runtime_error(std::string("cannot link ") + GST_OBJECT_NAME(from) + " to " + GST_OBJECT_NAME(to));
  }
}

void make_parent_directory(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
}

GstElement* make_muxer(const OutputSpec& spec) {
  switch (spec.kind) {
    case OutputSpec::Kind::rtmp: {
      GstElement* mux = make_element("flvmux");
      g_object_set(mux, "streamable", TRUE, nullptr);
      return mux;
    }
    case OutputSpec::Kind::srt: {
      GstElement* mux = make_element("mpegtsmux");
      g_object_set(mux, "alignment", 7, nullptr);  // 7 TS packets per SRT datagram (1316 bytes)
      return mux;
    }
    case OutputSpec::Kind::file:
      switch (spec.container) {
        case OutputSpec::Container::matroska: return make_element("matroskamux");
        case OutputSpec::Container::mp4: return make_element("mp4mux");
        case OutputSpec::Container::mpegts: return make_element("mpegtsmux");
        case OutputSpec::Container::none: break;
      }
      break;
    case OutputSpec::Kind::hls: break;
  }
  throw std::logic_error("no muxer for " + spec.text);
}

GstElement* make_sink(const OutputSpec& spec, const std::string& target) {
  switch (spec.kind) {
    case OutputSpec::Kind::rtmp: {
      GstElement* sink = make_element("rtmp2sink");
      g_object_set(sink, "location", target.c_str(), "sync", FALSE, nullptr);
      return sink;
    }
    case OutputSpec::Kind::srt: {
      GstElement* sink = make_element("srtsink");
      g_object_set(sink, "uri", target.c_str(), "sync", FALSE, nullptr);
      return sink;
    }
    case OutputSpec::Kind::file: {
      make_parent_directory(target);
      GstElement* sink = make_element("filesink");
      g_object_set(sink, "location", target.c_str(), "sync", FALSE, nullptr);
      return sink;
    }
    case OutputSpec::Kind::hls: {
      std::filesystem::create_directories(target);
      GstElement* sink = make_element("hlssink2");
      const std::string segments = (std::filesystem::path(target) / "segment%05d.ts").string();
      const std::string playlist = (std::filesystem::path(target) / "index.m3u8").string();
      g_object_set(sink, "location", segments.c_str(), "playlist-location", playlist.c_str(), "target-duration", 2u,
                   "playlist-length", 6u, "max-files", 12u, nullptr);
      return sink;
    }
  }
  throw std::logic_error("no sink for " + spec.text);
}

}  // namespace

OutputPipeline::OutputPipeline(const OutputSpec& spec, const std::string& target, int video_bitrate_kbps) {
  ensure_gstreamer();
  try {
    pipeline_.reset(gst_pipeline_new("output"));
    bus_.reset(gst_element_get_bus(pipeline_.get()));
    GstBin* bin = GST_BIN(pipeline_.get());
    // Each element goes into the bin as soon as it exists, so the pipeline owns it even if
    // a later one cannot be made.
    const auto add = [bin](GstElement* element) {
      gst_bin_add(bin, element);
      return element;
    };
    GstElement* video_source = add(make_feed_source("video"));
    GstElement* audio_source = add(make_feed_source("audio"));
    GstElement* video_parse = add(make_element("h264parse"));
    GstElement* audio_parse = add(make_element("aacparse"));
    video_.source = GST_APP_SRC(video_source);
    audio_.source = GST_APP_SRC(audio_source);
    // Parameter sets before every keyframe: a receiver can join the stream at any of them.
    g_object_set(video_parse, "config-interval", -1, nullptr);
    link_or_throw(video_source, video_parse);
    link_or_throw(audio_source, audio_parse);

    GstElement* sink = add(make_sink(spec, target));
    if (spec.kind == OutputSpec::Kind::hls) {
      link_to_request_pad(video_parse, sink, "video");
      link_to_request_pad(audio_parse, sink, "audio");
    } else {
      GstElement* mux = add(make_muxer(spec));
      link_or_throw(video_parse, mux);
      link_or_throw(audio_parse, mux);
      link_or_throw(mux, sink);
    }
    // The leak limit in bytes too, for outputs whose timestamps are not yet known.
    const guint64 max_bytes = static_cast<guint64>(video_bitrate_kbps + 512) * 1000 / 8 * 3;
    g_object_set(video_source, "max-bytes", max_bytes, nullptr);
    count_bytes(video_source);
    count_bytes(audio_source);
  } catch (const std::filesystem::filesystem_error& error) {
    throw std::runtime_error(error.code().message() + ": " + error.path1().string());
  }
}

OutputPipeline::~OutputPipeline() { pipeline_.reset(); }

void OutputPipeline::count_bytes(GstElement* source) {
  PadPtr pad(gst_element_get_static_pad(source, "src"));
  gst_pad_add_probe(
      pad.get(), GST_PAD_PROBE_TYPE_BUFFER,
      [](GstPad*, GstPadProbeInfo* info, gpointer bytes) {
        static_cast<std::atomic<std::uint64_t>*>(bytes)->fetch_add(gst_buffer_get_size(GST_PAD_PROBE_INFO_BUFFER(info)));
        return GST_PAD_PROBE_OK;
      },
      &bytes_, nullptr);
}

void OutputPipeline::start() {
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    MessagePtr error = pop_error_or_eos(bus_.get(), 0);
    throw std::runtime_error(error ? describe_message(error.get()) : std::string("refused to start"));
  }
}

void OutputPipeline::push_video(const TimedSample& sample) {
  GstClockTime origin = origin_.load();
  if (!GST_CLOCK_TIME_IS_VALID(origin)) {
    // Only a keyframe can start a stream a decoder understands.
    if (GST_BUFFER_FLAG_IS_SET(sample.buffer, GST_BUFFER_FLAG_DELTA_UNIT)) return;
    origin = sample.pts;
    if (!GST_CLOCK_TIME_IS_VALID(origin)) return;
    origin_.store(origin);
  }
  push(video_, sample, origin);
}

void OutputPipeline::push_audio(const TimedSample& sample) {
  const GstClockTime origin = origin_.load();
  if (GST_CLOCK_TIME_IS_VALID(origin)) push(audio_, sample, origin);
}

void OutputPipeline::push(Feed& feed, const TimedSample& sample, GstClockTime origin) {
  if (!GST_CLOCK_TIME_IS_VALID(sample.pts) || sample.pts < origin) return;  // from before this output began
  // A standby or a rebuilt house encodes with the same settings, so this changes only when
  // the programme format does; a muxer would refuse most changes.
  if (sample.caps && (!feed.caps || !gst_caps_is_equal(sample.caps, feed.caps.get()))) {
    gst_app_src_set_caps(feed.source, sample.caps);
    feed.caps.reset(gst_caps_ref(sample.caps));
  }
  // A new header over the same memory: the other outputs keep their own timestamps.
  GstBuffer* shifted = gst_buffer_copy(sample.buffer);
  GST_BUFFER_PTS(shifted) = sample.pts - origin;
  GST_BUFFER_DTS(shifted) =
      GST_CLOCK_TIME_IS_VALID(sample.dts) && sample.dts >= origin ? sample.dts - origin : GST_CLOCK_TIME_NONE;
  gst_app_src_push_buffer(feed.source, shifted);
}

void OutputPipeline::end_stream() {
  gst_app_src_end_of_stream(video_.source);
  gst_app_src_end_of_stream(audio_.source);
}

std::string OutputPipeline::wait_until_finished(std::chrono::steady_clock::time_point deadline) {
  const auto left = deadline - std::chrono::steady_clock::now();
  const auto wait = std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::nanoseconds>(left).count());
  MessagePtr message = pop_error_or_eos(bus_.get(), static_cast<GstClockTime>(wait));
  if (!message) return "not finalized within the time allowed";
  if (GST_MESSAGE_TYPE(message.get()) == GST_MESSAGE_EOS) return {};
  return describe_message(message.get());
}

}  // namespace votercast::media::pipeline
