#include "media/pipeline/house_pipeline.hpp"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include <span>
#include <sstream>
#include <stdexcept>

#include "media/pipeline/gst_runtime.hpp"
#include "media/pipeline/input_pipeline.hpp"

namespace votercast::media::pipeline {
namespace {

std::string describe_pipeline(const HouseSettings& settings) {
  const int width = GST_VIDEO_INFO_WIDTH(&settings.video);
  const int height = GST_VIDEO_INFO_HEIGHT(&settings.video);
  const int fps = GST_VIDEO_INFO_FPS_N(&settings.video) / std::max(1, GST_VIDEO_INFO_FPS_D(&settings.video));
  // voaacenc: FFmpeg's AAC encoder (avenc_aac) appends an SBR sync extension to its
  // codec_data, which GStreamer's parsers then read as 96 kHz, and the sound is garbled.
  const char* aac = element_available("voaacenc") ? "voaacenc" : "avenc_aac";
  std::ostringstream launch;
  // One programme frame per video buffer; audio in 20 ms buffers.
  launch << "videotestsrc name=house_video is-live=true pattern=black"
         << " ! video/x-raw,format=I420,width=" << width << ",height=" << height << ",framerate=" << fps
         << "/1,pixel-aspect-ratio=1/1"
         << " ! tee name=programme";
  if (settings.encode) {
    // The encoder queue leaks rather than slowing the house clock if the CPU falls behind.
    launch << " programme. ! queue name=encoder_queue leaky=downstream max-size-buffers=" << fps
           << " max-size-bytes=0 max-size-time=0"
           << " ! x264enc name=video_encoder speed-preset=ultrafast tune=zerolatency bitrate="
           << settings.video_bitrate_kbps << " key-int-max=" << 2 * fps
           << " ! h264parse config-interval=-1 ! video/x-h264,stream-format=byte-stream,alignment=au"
           << " ! appsink name=encoded_video sync=false async=false enable-last-sample=false";
  }
  launch << " programme. ! queue leaky=downstream max-size-buffers=2 max-size-bytes=0 max-size-time=0"
         << " ! videorate drop-only=true ! video/x-raw,framerate=" << settings.preview_fps << "/1"
         << " ! videoscale ! video/x-raw,width=" << settings.preview_width << ",height=" << settings.preview_height
         << ",pixel-aspect-ratio=1/1"
         << " ! jpegenc quality=80"
         << " ! appsink name=preview sync=false async=false enable-last-sample=false max-buffers=1 drop=true"
         << " audiotestsrc name=house_audio is-live=true wave=silence samplesperbuffer=" << kAudioChunkFrames
         << " ! audio/x-raw,format=S16LE,rate=" << kAudioRate << ",channels=" << kAudioChannels
         << ",layout=interleaved"
         << " ! queue leaky=downstream max-size-time=1000000000 max-size-buffers=0 max-size-bytes=0";
  if (settings.encode)
    launch << " ! audioconvert ! " << aac << " bitrate=" << settings.audio_bitrate_kbps * 1000 << " ! aacparse"
           << " ! appsink name=encoded_audio sync=false async=false enable-last-sample=false";
  else
    launch << " ! fakesink sync=false async=false";  // the audio still runs through the lip-sync FIFO
  return launch.str();
}

// Encoders shift their timestamps (x264enc starts at 1000 h so DTS never goes negative) and
// say so in the segment: only running time is comparable between audio and video.
GstClockTime running_time(GstSample* sample, GstClockTime timestamp) {
  const GstSegment* segment = gst_sample_get_segment(sample);
  if (!segment || !GST_CLOCK_TIME_IS_VALID(timestamp)) return timestamp;
  guint64 result = 0;
  return gst_segment_to_running_time_full(segment, GST_FORMAT_TIME, timestamp, &result) > 0 ? result
                                                                                           : GST_CLOCK_TIME_NONE;
}

ElementPtr child(GstElement* pipeline, const char* name) {
  ElementPtr element(gst_bin_get_by_name(GST_BIN(pipeline), name));
  if (!element) throw std::logic_error(std::string("house pipeline has no ") + name);
  return element;
}

template <typename Handler>
void on_new_sample(GstElement* sink, Handler* handler) {
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = [](GstAppSink* appsink, gpointer data) {
    SamplePtr sample(gst_app_sink_pull_sample(appsink));
    if (sample) (*static_cast<Handler*>(data))(sample.get());
    return GST_FLOW_OK;
  };
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, handler, [](gpointer data) {
    delete static_cast<Handler*>(data);
  });
}

template <typename Handler>
void on_new_sample(GstElement* sink, Handler handler) {
  on_new_sample(sink, new Handler(std::move(handler)));
}

}  // namespace

HousePipeline::HousePipeline(const HouseSettings& settings, FrameSynchronizer& frames, AudioFifo& audio,
                             PreviewFeed& preview, EncodedFanout& outputs)
    : settings_(settings),
      frames_(frames),
      audio_(audio),
      preview_(preview),
      outputs_(outputs),
      feed_(outputs.open_feed()) {
  ensure_gstreamer();
  GError* raw_error = nullptr;
  GstElement* launched = gst_parse_launch(describe_pipeline(settings_).c_str(), &raw_error);
  ErrorPtr error(raw_error);
  if (!launched || error) {
    if (launched) gst_object_unref(launched);
    throw std::runtime_error(std::string("programme pipeline: ") + (error ? error->message : "cannot be built"));
  }
  pipeline_.reset(launched);
  // The same clock for every house pipeline, whatever elements it has: one timeline.
  ClockPtr clock(gst_system_clock_obtain());
  gst_pipeline_use_clock(GST_PIPELINE(pipeline_.get()), clock.get());
  bus_.reset(gst_element_get_bus(pipeline_.get()));
  if (settings_.encode) encoder_ = child(pipeline_.get(), "video_encoder");
  attach_callbacks();
}

HousePipeline::~HousePipeline() {
  encoder_.reset();
  pipeline_.reset();
}

void HousePipeline::attach_callbacks() {
  ElementPtr video = child(pipeline_.get(), "house_video");
  PadPtr video_pad(gst_element_get_static_pad(video.get(), "src"));
  gst_pad_add_probe(
      video_pad.get(), GST_PAD_PROBE_TYPE_BUFFER,
      [](GstPad*, GstPadProbeInfo* info, gpointer self) {
        static_cast<HousePipeline*>(self)->on_programme_frame(info);
        return GST_PAD_PROBE_OK;
      },
      this, nullptr);

  ElementPtr audio = child(pipeline_.get(), "house_audio");
  PadPtr audio_pad(gst_element_get_static_pad(audio.get(), "src"));
  gst_pad_add_probe(
      audio_pad.get(), GST_PAD_PROBE_TYPE_BUFFER,
      [](GstPad*, GstPadProbeInfo* info, gpointer self) {
        static_cast<HousePipeline*>(self)->on_programme_audio(info);
        return GST_PAD_PROBE_OK;
      },
      this, nullptr);

  if (settings_.encode) {
    on_new_sample(child(pipeline_.get(), "encoded_video").get(), [this](GstSample* sample) {
      if (failed_.load()) return;
      frames_encoded_.fetch_add(1);
      outputs_.push_video(*feed_, on_timeline(sample));
    });
    on_new_sample(child(pipeline_.get(), "encoded_audio").get(), [this](GstSample* sample) {
      if (!failed_.load()) outputs_.push_audio(*feed_, on_timeline(sample));
    });
  }
  on_new_sample(child(pipeline_.get(), "preview").get(), [this](GstSample* sample) {
    if (failed_.load()) return;
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    GstMapInfo map;
    if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return;
    std::string jpeg(reinterpret_cast<const char*>(map.data), map.size);
    gst_buffer_unmap(buffer, &map);
    preview_frames_.fetch_add(1);
    preview_.publish(std::move(jpeg));
  });
}

TimedSample HousePipeline::on_timeline(GstSample* sample) const {
  // Read per sample: the base time is set as the pipeline goes to PLAYING.
  const GstClockTime base_time = gst_element_get_base_time(pipeline_.get());
  const auto clock_time = [&](GstClockTime timestamp) {
    const GstClockTime running = running_time(sample, timestamp);
    return GST_CLOCK_TIME_IS_VALID(running) ? running + base_time : GST_CLOCK_TIME_NONE;
  };
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  return {buffer, gst_sample_get_caps(sample), clock_time(GST_BUFFER_PTS(buffer)), clock_time(GST_BUFFER_DTS(buffer))};
}

bool HousePipeline::on_air() const {
  return settings_.encode ? outputs_.on_air(*feed_) : frames_out_.load() > 0;
}

void HousePipeline::get_ready() {
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE) {
    MessagePtr error = pop_error_or_eos(bus_.get(), 0);
    throw std::runtime_error("programme pipeline failed to get ready" +
                             (error ? ": " + describe_message(error.get()) : std::string()));
  }
}

void HousePipeline::start() {
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    MessagePtr error = pop_error_or_eos(bus_.get(), 0);
    throw std::runtime_error("programme pipeline failed to start" +
                             (error ? ": " + describe_message(error.get()) : std::string()));
  }
}

void HousePipeline::on_programme_frame(GstPadProbeInfo* info) {
  GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
  GST_PAD_PROBE_INFO_DATA(info) = buffer;
  GstVideoFrame frame;
  if (!gst_video_frame_map(&frame, &settings_.video, buffer, GST_MAP_READWRITE)) return;
  showing_input_.store(frames_.fill(frame));

  std::shared_ptr<FrameOverlay> overlay;
  {
    std::lock_guard lock(overlay_mutex_);
    overlay = overlay_;
  }
  if (overlay) {
    VideoFrameView view;
    for (int plane = 0; plane < 3; ++plane) {
      view.data[plane] = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, plane));
      view.stride[plane] = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, plane);
    }
    view.width = GST_VIDEO_FRAME_WIDTH(&frame);
    view.height = GST_VIDEO_FRAME_HEIGHT(&frame);
    const auto began = BlendStats::Clock::now();
    // Live sources stamp buffers with their running time (segment starting at 0).
    overlay->blend(view, static_cast<std::int64_t>(GST_BUFFER_PTS(buffer)));
    const auto ended = BlendStats::Clock::now();
    blend_stats_.record(ended, ended - began);
  }
  gst_video_frame_unmap(&frame);

  {
    std::lock_guard lock(latest_mutex_);
    latest_ = ref_buffer(buffer);
  }
  frames_out_.fetch_add(1);
}

void HousePipeline::on_programme_audio(GstPadProbeInfo* info) {
  GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
  GST_PAD_PROBE_INFO_DATA(info) = buffer;
  // audiotestsrc marks its silence as a gap, which audioconvert would turn back into silence.
  GST_BUFFER_FLAG_UNSET(buffer, GST_BUFFER_FLAG_GAP);
  GstMapInfo map;
  if (!gst_buffer_map(buffer, &map, GST_MAP_WRITE)) return;
  const std::span samples(reinterpret_cast<std::int16_t*>(map.data), map.size / sizeof(std::int16_t));
  audio_.pull(samples);
  SoundInsert insert;
  {
    std::lock_guard lock(sound_mutex_);
    insert = sound_insert_;  // a copy: the insert runs outside the lock
  }
  if (insert) insert(samples);
  {
    std::lock_guard lock(sound_mutex_);
    audio_level_.add(samples);
  }
  gst_buffer_unmap(buffer, &map);
}

void HousePipeline::set_sound_insert(SoundInsert insert) {
  std::lock_guard lock(sound_mutex_);
  sound_insert_ = std::move(insert);
}

AudioLevel HousePipeline::audio_level() const {
  std::lock_guard lock(sound_mutex_);
  return audio_level_.level();
}

void HousePipeline::set_overlay(std::shared_ptr<FrameOverlay> overlay) {
  std::lock_guard lock(overlay_mutex_);
  overlay_ = std::move(overlay);
}

BufferPtr HousePipeline::latest_frame() const {
  std::lock_guard lock(latest_mutex_);
  return latest_ ? ref_buffer(latest_.get()) : nullptr;
}

void HousePipeline::request_keyframe() {
  if (!encoder_) return;
  gst_element_send_event(encoder_.get(),
                         gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
}

BlendStats::Summary HousePipeline::blend_last_second() const {
  return blend_stats_.last_second(BlendStats::Clock::now());
}

void HousePipeline::post_error(const std::string& why) {
  failed_.store(true);
  GError* error = g_error_new_literal(GST_CORE_ERROR, GST_CORE_ERROR_FAILED, why.c_str());
  gst_element_post_message(pipeline_.get(),
                           gst_message_new_error(GST_OBJECT(pipeline_.get()), error, "simulated failure"));
  g_error_free(error);
}

}  // namespace votercast::media::pipeline
