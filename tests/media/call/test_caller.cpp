#include "test_caller.hpp"

#include <gst/app/gstappsink.h>

#include <algorithm>
#include <stdexcept>

#include "media/call/session_description.hpp"
#include "media/call/webrtc_setup.hpp"
#include "media/pipeline/gst_runtime.hpp"

namespace votercast::media::call::test {
namespace {

using pipeline::make_element;

constexpr int kDirectionSendOnly = 2;  // GstWebRTCRTPTransceiverDirection
constexpr std::size_t kKeptSamples = 48000 * 4;

void add_and_link(GstBin* bin, std::initializer_list<GstElement*> chain) {
  for (GstElement* element : chain) gst_bin_add(bin, element);
  GstElement* previous = nullptr;
  for (GstElement* element : chain) {
    if (previous && !gst_element_link(previous, element)) {
      throw std::runtime_error(std::string("test caller: cannot link ") + GST_OBJECT_NAME(previous) + " to " +
                               GST_OBJECT_NAME(element));
    }
    previous = element;
  }
}

void link_to_webrtc(GstElement* payloader, GstElement* webrtc, const char* pad_name) {
  pipeline::PadPtr sink(gst_element_request_pad_simple(webrtc, pad_name));
  pipeline::PadPtr source(gst_element_get_static_pad(payloader, "src"));
  if (!sink || gst_pad_link(source.get(), sink.get()) != GST_PAD_LINK_OK) {
    throw std::runtime_error(std::string("test caller: cannot link to webrtcbin's ") + pad_name);
  }
}

GstElement* capsfilter(const char* caps_text) {
  GstElement* filter = make_element("capsfilter");
  pipeline::CapsPtr caps(gst_caps_from_string(caps_text));
  g_object_set(filter, "caps", caps.get(), nullptr);
  return filter;
}

}  // namespace

TestCaller::TestCaller(const TestCallerSettings& settings, Signals signals) : signals_(std::move(signals)) {
  pipeline::ensure_gstreamer();
  pipeline_.reset(gst_pipeline_new("test-caller"));
  GstBin* bin = GST_BIN(pipeline_.get());
  // As the studio's links make theirs: max-bundle, no UPnP, gathering on 127.0.0.1 only.
  webrtc_ = add_webrtcbin(bin, IceSettings{"", "", {"127.0.0.1"}, false}, "test caller");

  // Audio first, as browsers order it: m-line 0.
  GstElement* tone = make_element("audiotestsrc");
  g_object_set(tone, "is-live", TRUE, "freq", settings.tone_hz, "volume", 0.3, nullptr);
  GstElement* audio_payloader = make_element("rtpopuspay");
  g_object_set(audio_payloader, "pt", 111u, nullptr);
  add_and_link(bin, {tone, make_element("audioconvert"), make_element("audioresample"), make_element("opusenc"),
                     audio_payloader});
  link_to_webrtc(audio_payloader, webrtc_, "sink_0");

  GstElement* picture = make_element("videotestsrc");
  g_object_set(picture, "is-live", TRUE, nullptr);
  const std::string format = "video/x-raw,width=" + std::to_string(settings.width) +
                             ",height=" + std::to_string(settings.height) +
                             ",framerate=" + std::to_string(settings.fps) + "/1";
  GstElement* stamp = make_element("debugqroverlay");
  // Bigger modules than the default 3 px, so the code survives VP8 and scaling (a 720p
  // picture shrinks to 480x270 on the way to a screener's console).
  g_object_set(stamp, "pixel-size", std::max(4.0f, static_cast<float>(settings.width) / 160.0f), nullptr);
  // Real time and light on the CPU: the tests share two cores with the server side.
  GstElement* encoder = nullptr;
  GstElement* video_payloader = nullptr;
  if (settings.h264) {
    encoder = make_element("x264enc");
    g_object_set(encoder, "bitrate", 1500u, "key-int-max", static_cast<guint>(settings.fps), nullptr);
    gst_util_set_object_arg(G_OBJECT(encoder), "tune", "zerolatency");
    gst_util_set_object_arg(G_OBJECT(encoder), "speed-preset", "ultrafast");
    video_payloader = make_element("rtph264pay");
    g_object_set(video_payloader, "config-interval", -1, nullptr);
  } else {
    encoder = make_element("vp8enc");
    g_object_set(encoder, "deadline", gint64{1}, "cpu-used", 4, "target-bitrate", 1500000, "keyframe-max-dist",
                 settings.fps, nullptr);
    video_payloader = make_element("rtpvp8pay");
  }
  g_object_set(video_payloader, "pt", 96u, nullptr);
  // What browsers send: constrained baseline.
  GstElement* profile = capsfilter(settings.h264 ? "video/x-h264,profile=constrained-baseline" : "video/x-vp8");
  add_and_link(bin, {picture, capsfilter(format.c_str()), stamp, make_element("videoconvert"), encoder, profile,
                     video_payloader});
  link_to_webrtc(video_payloader, webrtc_, "sink_1");
  if (signals_.on_frame_stamped) {
    // debugqroverlay counts the buffers it stamps from 1: so does this probe, right after it.
    pipeline::PadPtr stamped(gst_element_get_static_pad(stamp, "src"));
    gst_pad_add_probe(stamped.get(), GST_PAD_PROBE_TYPE_BUFFER,
                      [](GstPad*, GstPadProbeInfo*, gpointer self) {
                        auto* caller = static_cast<TestCaller*>(self);
                        caller->signals_.on_frame_stamped(++caller->frames_stamped_);
                        return GST_PAD_PROBE_OK;
                      },
                      this, nullptr);
  }
  // The phone sends its camera and does not want ours.
  pipeline::PadPtr video_sink(gst_element_get_static_pad(webrtc_, "sink_1"));
  GstObject* transceiver = nullptr;
  g_object_get(video_sink.get(), "transceiver", &transceiver, nullptr);
  g_object_set(transceiver, "direction", kDirectionSendOnly, nullptr);
  gst_object_unref(transceiver);

  g_signal_connect(webrtc_, "on-negotiation-needed", G_CALLBACK(+[](GstElement* webrtc, gpointer self) {
                     GstPromise* promise = gst_promise_new_with_change_func(
                         [](GstPromise* done, gpointer caller) {
                           static_cast<TestCaller*>(caller)->on_offer_created(done);
                         },
                         self, nullptr);
                     g_signal_emit_by_name(webrtc, "create-offer", nullptr, promise);
                     gst_promise_unref(promise);
                   }),
                   this);
  g_signal_connect(webrtc_, "on-ice-candidate", G_CALLBACK(+[](GstElement*, guint mline, gchar* candidate, gpointer self) {
                     auto* caller = static_cast<TestCaller*>(self);
                     if (caller->signals_.on_ice_candidate) caller->signals_.on_ice_candidate(mline, candidate);
                   }),
                   this);
  g_signal_connect(webrtc_, "pad-added", G_CALLBACK(+[](GstElement*, GstPad* pad, gpointer self) {
                     static_cast<TestCaller*>(self)->on_incoming_pad(pad);
                   }),
                   this);
  pipeline::BusPtr bus(gst_element_get_bus(pipeline_.get()));
  gst_bus_set_sync_handler(
      bus.get(),
      [](GstBus*, GstMessage* message, gpointer self) {
        if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
          auto* caller = static_cast<TestCaller*>(self);
          std::lock_guard lock(caller->mutex_);
          caller->error_ = pipeline::describe_message(message);
        }
        return GST_BUS_DROP;
      },
      this, nullptr);
}

TestCaller::~TestCaller() { stop(); }

void TestCaller::start() {
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw std::runtime_error("test caller: the pipeline does not start");
  }
}

void TestCaller::stop() {
  if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
}

void TestCaller::on_offer_created(GstPromise* promise) {
  if (gst_promise_wait(promise) != GST_PROMISE_RESULT_REPLIED) return;
  SessionDescriptionPtr offer = take_session_description(gst_promise_get_reply(promise), "offer");
  if (!offer) {
    std::lock_guard lock(mutex_);
    error_ = "test caller: no offer";
    return;
  }
  const std::string text = sdp_text(*session_description_sdp(offer.get()));
  // With a promise, never without: webrtcbin 1.22 leaks its error reply (closed already)
  // when it has no promise to give it to.
  GstPromise* done = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "set-local-description", offer.get(), done);
  gst_promise_unref(done);
  if (signals_.on_offer) signals_.on_offer(text);
}

void TestCaller::set_answer(const std::string& sdp) {
  SessionDescriptionPtr answer = make_session_description(SdpType::answer, parse_sdp(sdp));
  // With a promise, never without: webrtcbin 1.22 leaks its error reply (closed already)
  // when it has no promise to give it to.
  GstPromise* done = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "set-remote-description", answer.get(), done);
  gst_promise_unref(done);
}

void TestCaller::add_ice_candidate(unsigned mline_index, const std::string& candidate) {
  g_signal_emit_by_name(webrtc_, "add-ice-candidate", mline_index, candidate.c_str());
}

void TestCaller::on_incoming_pad(GstPad* pad) {
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  GstElement* depayloader = make_element("rtpopusdepay");
  GstElement* sink = make_element("appsink");
  g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = [](GstAppSink* appsink, gpointer self) {
    auto* caller = static_cast<TestCaller*>(self);
    pipeline::SamplePtr sample(gst_app_sink_pull_sample(appsink));
    if (!sample) return GST_FLOW_OK;
    GstBuffer* buffer = gst_sample_get_buffer(sample.get());
    GstMapInfo map;
    if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
      const auto* samples = reinterpret_cast<const std::int16_t*>(map.data);
      std::lock_guard lock(caller->mutex_);
      caller->received_.insert(caller->received_.end(), samples, samples + map.size / sizeof(std::int16_t));
      if (caller->received_.size() > kKeptSamples) {
        caller->received_.erase(caller->received_.begin(),
                                caller->received_.end() - static_cast<std::ptrdiff_t>(kKeptSamples));
      }
      gst_buffer_unmap(buffer, &map);
    }
    return GST_FLOW_OK;
  };
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, this, nullptr);
  std::initializer_list<GstElement*> chain = {depayloader, make_element("opusdec"), make_element("audioconvert"),
                                              make_element("audioresample"),
                                              capsfilter("audio/x-raw,format=S16LE,rate=48000,channels=1"), sink};
  add_and_link(GST_BIN(pipeline_.get()), chain);
  for (GstElement* element : chain) gst_element_sync_state_with_parent(element);
  pipeline::PadPtr entry(gst_element_get_static_pad(depayloader, "sink"));
  gst_pad_link(pad, entry.get());
}

std::vector<std::int16_t> TestCaller::received_audio() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::string TestCaller::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

}  // namespace votercast::media::call::test
