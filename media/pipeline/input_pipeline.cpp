#include "media/pipeline/input_pipeline.hpp"

#include <gst/app/gstappsink.h>
#include <gst/base/gstbasesrc.h>

#include <span>
#include <stdexcept>

#include "media/pipeline/decklink_probe.hpp"
#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::pipeline {
namespace {

GstFlowReturn on_video_sample(GstAppSink* sink, gpointer frames) {
  SamplePtr sample(gst_app_sink_pull_sample(sink));
  if (sample) static_cast<FrameSynchronizer*>(frames)->push(gst_sample_get_buffer(sample.get()));
  return GST_FLOW_OK;
}

GstFlowReturn on_audio_sample(GstAppSink* sink, gpointer audio) {
  SamplePtr sample(gst_app_sink_pull_sample(sink));
  if (!sample) return GST_FLOW_OK;
  GstMapInfo map;
  GstBuffer* buffer = gst_sample_get_buffer(sample.get());
  if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    static_cast<AudioFifo*>(audio)->push(
        std::span(reinterpret_cast<const std::int16_t*>(map.data), map.size / sizeof(std::int16_t)));
    gst_buffer_unmap(buffer, &map);
  }
  return GST_FLOW_OK;
}

// sync=true: a file plays at its own pace and a live input's audio and video leave in step.
GstElement* make_input_sink(GstCaps* caps, GstFlowReturn (*on_sample)(GstAppSink*, gpointer), void* target) {
  GstElement* sink = make_element("appsink");
  g_object_set(sink, "caps", caps, "sync", TRUE, "max-buffers", 4u, "enable-last-sample", FALSE, nullptr);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, target, nullptr);
  return sink;
}

// Adds and links a chain. Every chain exists before the pipeline starts, so each sink gets
// the pipeline's clock and base time with everything else: a sink added while the pipeline
// prerolls can be set playing before there is a clock, and then it does not sync at all.
void add_and_link(GstBin* bin, std::initializer_list<GstElement*> chain) {
  for (GstElement* element : chain) gst_bin_add(bin, element);
  GstElement* previous = nullptr;
  for (GstElement* element : chain) {
    if (previous && !gst_element_link(previous, element)) {
      throw std::runtime_error(std::string("cannot link ") + GST_OBJECT_NAME(previous) + " to " +
                               GST_OBJECT_NAME(element));
    }
    previous = element;
  }
}

// Notes every buffer the source produces, so loss is seen where the feed enters.
void watch_for_data(GstPad* pad, FrameSynchronizer* frames) {
  gst_pad_add_probe(
      pad, static_cast<GstPadProbeType>(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
      [](GstPad*, GstPadProbeInfo*, gpointer synchronizer) {
        static_cast<FrameSynchronizer*>(synchronizer)->note_source_data();
        return GST_PAD_PROBE_OK;
      },
      frames, nullptr);
}

}  // namespace

InputPipeline::InputPipeline(const InputSpec& spec, const GstVideoInfo& programme, FrameSynchronizer& frames,
                             AudioFifo& audio)
    : spec_(spec), programme_(programme), frames_(frames), audio_(audio) {
  ensure_gstreamer();
  try {
    if (spec.kind == InputSpec::Kind::decklink) {
      // Checked before anything is built: a clear reason instead of "could not acquire input".
      const std::string missing = decklink_missing();
      if (!missing.empty()) throw std::runtime_error(missing);
    }
    pipeline_.reset(gst_pipeline_new("input"));
    bus_.reset(gst_element_get_bus(pipeline_.get()));
    switch (spec.kind) {
      case InputSpec::Kind::test: build_test_source(); break;
      case InputSpec::Kind::uri:
      case InputSpec::Kind::srt_listener: build_uri_source(); break;
      case InputSpec::Kind::decklink: build_decklink_source(); break;
    }
  } catch (const std::exception& error) {
    throw std::runtime_error("input '" + spec.text + "': " + error.what());
  }
}

InputPipeline::~InputPipeline() {
  // To NULL first: the appsink callbacks and pad-added handler point into this object.
  pipeline_.reset();
}

void InputPipeline::start() {
  const GstStateChangeReturn result = gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING);
  if (result == GST_STATE_CHANGE_FAILURE) {
    MessagePtr error = pop_error_or_eos(bus_.get(), 0);
    throw std::runtime_error("input '" + spec_.text + "' failed to start" +
                             (error ? ": " + describe_message(error.get()) : std::string()));
  }
  // Only a live source's silence means loss: a file's source reads ahead in bursts.
  frames_.watch_source(source_is_live_);
}

GstElement* InputPipeline::add_video_chain() {
  GstElement* queue = make_element("queue");
  g_object_set(queue, "max-size-buffers", 3u, "max-size-bytes", 0u, "max-size-time", guint64{0}, nullptr);
  CapsPtr caps(gst_video_info_to_caps(&programme_));
  // Any input size is letterboxed (videoscale adds borders) and any rate becomes ours.
  GstElement* sink = make_input_sink(caps.get(), on_video_sample, &frames_);
  add_and_link(GST_BIN(pipeline_.get()),
               {queue, make_element("videoconvert"), make_element("videoscale"), make_element("videorate"), sink});
  return queue;
}

GstElement* InputPipeline::add_audio_chain() {
  GstElement* queue = make_element("queue");
  CapsPtr caps(gst_caps_new_simple("audio/x-raw", "format", G_TYPE_STRING, "S16LE", "rate", G_TYPE_INT, kAudioRate,
                                   "channels", G_TYPE_INT, kAudioChannels, "layout", G_TYPE_STRING, "interleaved",
                                   nullptr));
  GstElement* sink = make_input_sink(caps.get(), on_audio_sample, &audio_);
  // An input without sound must still preroll on its picture alone.
  g_object_set(sink, "async", FALSE, nullptr);
  audio_chain_ = {queue, make_element("audioconvert"), make_element("audioresample"), sink};
  add_and_link(GST_BIN(pipeline_.get()), {audio_chain_[0], audio_chain_[1], audio_chain_[2], audio_chain_[3]});
  return queue;
}

void InputPipeline::build_test_source() {
  GstBin* bin = GST_BIN(pipeline_.get());
  GstElement* video = make_element("videotestsrc");
  g_object_set(video, "is-live", TRUE, "horizontal-speed", 4, nullptr);
  gst_util_set_object_arg(G_OBJECT(video), "pattern", "smpte");
  GstElement* format = make_element("capsfilter");
  CapsPtr caps(gst_video_info_to_caps(&programme_));
  g_object_set(format, "caps", caps.get(), nullptr);
  // The running clock burnt into the picture makes a frozen frame obvious at a glance.
  GstElement* clock = make_element("timeoverlay");
  const int font_px = GST_VIDEO_INFO_HEIGHT(&programme_) / 14;
  // Monospace so the digits do not jitter; fontconfig maps it to whatever is installed.
  const std::string font = "Monospace Bold " + std::to_string(font_px) + "px";
  g_object_set(clock, "auto-resize", FALSE, "font-desc", font.c_str(), "shaded-background", TRUE, "text",
               "votercast test", nullptr);
  gst_util_set_object_arg(G_OBJECT(clock), "halignment", "center");
  gst_util_set_object_arg(G_OBJECT(clock), "valignment", "bottom");
  add_and_link(bin, {video, format, clock});
  watch_source_pads(video);
  if (!gst_element_link(clock, add_video_chain())) throw std::runtime_error("cannot link the test pattern");

  // Line-up tone: 1 kHz at -20 dBFS.
  GstElement* tone = make_element("audiotestsrc");
  g_object_set(tone, "is-live", TRUE, "freq", 1000.0, "volume", 0.1, nullptr);
  gst_bin_add(bin, tone);
  if (!gst_element_link(tone, add_audio_chain())) throw std::runtime_error("cannot link the test tone");
}

void InputPipeline::build_uri_source() {
  video_entry_ = add_video_chain();
  audio_entry_ = add_audio_chain();
  GstElement* decoder = make_element("uridecodebin");
  g_object_set(decoder, "uri", spec_.uri.c_str(), nullptr);
  gst_bin_add(GST_BIN(pipeline_.get()), decoder);
  g_signal_connect(decoder, "no-more-pads", G_CALLBACK(+[](GstElement*, gpointer self) {
                     static_cast<InputPipeline*>(self)->drop_unused_audio_chain();
                   }),
                   this);
  g_signal_connect(decoder, "source-setup", G_CALLBACK(+[](GstElement*, GstElement* source, gpointer self) {
                     static_cast<InputPipeline*>(self)->watch_source_pads(source);
                   }),
                   this);
  g_signal_connect(decoder, "pad-added", G_CALLBACK(+[](GstElement*, GstPad* pad, gpointer self) {
                     static_cast<InputPipeline*>(self)->on_decoded_pad(pad);
                   }),
                   this);
}

void InputPipeline::watch_source_pads(GstElement* source) {
  // rtspsrc is a bin and always live; every other source says so itself.
  source_is_live_ = GST_IS_BASE_SRC(source) ? gst_base_src_is_live(GST_BASE_SRC(source)) : GST_IS_BIN(source);
  // Sources with fixed pads (srtsrc, souphttpsrc, test and SDI) and with a pad per stream (rtspsrc).
  GstIterator* pads = gst_element_iterate_src_pads(source);
  GValue item = G_VALUE_INIT;
  while (gst_iterator_next(pads, &item) == GST_ITERATOR_OK) {
    watch_for_data(GST_PAD(g_value_get_object(&item)), &frames_);
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(pads);
  g_signal_connect(source, "pad-added", G_CALLBACK(+[](GstElement*, GstPad* pad, gpointer frames) {
                     watch_for_data(pad, static_cast<FrameSynchronizer*>(frames));
                   }),
                   &frames_);
}

void InputPipeline::on_decoded_pad(GstPad* pad) {
  // Streaming thread of uridecodebin; only the first video and first audio stream go to air.
  CapsPtr caps(gst_pad_get_current_caps(pad));
  if (!caps) caps.reset(gst_pad_query_caps(pad, nullptr));
  const gchar* media = gst_structure_get_name(gst_caps_get_structure(caps.get(), 0));
  GstElement* chain = nullptr;
  if (g_str_has_prefix(media, "video/x-raw") && !video_linked_) {
    chain = video_entry_;
    video_linked_ = true;
  } else if (g_str_has_prefix(media, "audio/x-raw") && !audio_linked_ && audio_entry_) {
    chain = audio_entry_;
    audio_linked_ = true;
  } else {
    // Extra streams go nowhere, explicitly, so they never stop the decoder with not-linked.
    chain = gst_element_factory_make("fakesink", nullptr);
    if (!chain) return;
    g_object_set(chain, "sync", FALSE, "async", FALSE, nullptr);
    gst_bin_add(GST_BIN(pipeline_.get()), chain);
    gst_element_sync_state_with_parent(chain);
  }
  PadPtr sink(gst_element_get_static_pad(chain, "sink"));
  gst_pad_link(pad, sink.get());
}

void InputPipeline::drop_unused_audio_chain() {
  if (audio_linked_ || !audio_entry_) return;
  // A silent input: without this its idle audio sink would never see end-of-stream, and the
  // pipeline would never report the end of a file.
  for (GstElement* element : audio_chain_) {
    gst_element_set_locked_state(element, TRUE);
    gst_element_set_state(element, GST_STATE_NULL);
    gst_bin_remove(GST_BIN(pipeline_.get()), element);
  }
  audio_chain_.clear();
  audio_entry_ = nullptr;
}

void InputPipeline::build_decklink_source() {
  GstBin* bin = GST_BIN(pipeline_.get());
  GstElement* video = make_element("decklinkvideosrc");
  g_object_set(video, "device-number", spec_.device, nullptr);
  gst_util_set_object_arg(G_OBJECT(video), "mode", "auto");
  gst_bin_add(bin, video);
  watch_source_pads(video);
  if (!gst_element_link(video, add_video_chain())) throw std::runtime_error("cannot link decklinkvideosrc");
  GstElement* audio = make_element("decklinkaudiosrc");
  g_object_set(audio, "device-number", spec_.device, nullptr);
  gst_bin_add(bin, audio);
  if (!gst_element_link(audio, add_audio_chain())) throw std::runtime_error("cannot link decklinkaudiosrc");
}

}  // namespace votercast::media::pipeline
