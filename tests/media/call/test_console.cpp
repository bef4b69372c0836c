#include "test_console.hpp"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include <cstring>
#include <stdexcept>
#include <string_view>

#include "media/call/call_sdp.hpp"
#include "media/call/session_description.hpp"
#include "media/call/webrtc_setup.hpp"
#include "media/pipeline/gst_runtime.hpp"
#include "signal_checks.hpp"

namespace votercast::media::call::test {
namespace {

using pipeline::make_element;

constexpr std::size_t kKeptSamples = 48000 * 4;

// A decoded picture copied out of its buffer (small: the link sends 480x270).
struct OwnedPicture {
  CallerFrame frame;
  std::vector<std::uint8_t> bytes;
};

void add_and_link(GstBin* bin, const std::vector<GstElement*>& chain) {
  for (GstElement* element : chain) gst_bin_add(bin, element);
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (!gst_element_link(chain[i - 1], chain[i])) {
      throw std::runtime_error(std::string("test console: cannot link ") + GST_OBJECT_NAME(chain[i - 1]) + " to " +
                               GST_OBJECT_NAME(chain[i]));
    }
  }
}

GstElement* capsfilter(const char* caps_text) {
  GstElement* filter = make_element("capsfilter");
  pipeline::CapsPtr caps(gst_caps_from_string(caps_text));
  g_object_set(filter, "caps", caps.get(), nullptr);
  return filter;
}

GstElement* appsink(GstFlowReturn (*on_sample)(GstAppSink*, gpointer), gpointer target) {
  GstElement* sink = make_element("appsink");
  g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, target, nullptr);
  return sink;
}

}  // namespace

TestConsole::TestConsole(const TestConsoleSettings& settings, Signals signals)
    : signals_(std::move(signals)), read_qr_codes_(settings.read_qr_codes) {
  pipeline::ensure_gstreamer();
  pipeline_.reset(gst_pipeline_new("test-console"));
  GstBin* bin = GST_BIN(pipeline_.get());
  // As the studio's links make theirs: max-bundle, no UPnP, gathering on 127.0.0.1 only.
  webrtc_ = add_webrtcbin(bin, IceSettings{"", "", {"127.0.0.1"}, false}, "test console");

  // The screener's microphone: a tone on a sendrecv audio transceiver of its own, which the
  // answer pairs with the offer's audio (as a page's transceiver with replaceTrack).
  GstElement* tone = make_element("audiotestsrc");
  g_object_set(tone, "is-live", TRUE, "freq", settings.tone_hz, "volume", 0.3, nullptr);
  talk_payloader_ = make_element("rtpopuspay");
  add_and_link(bin, {tone, make_element("audioconvert"), make_element("audioresample"), make_element("opusenc"),
                     talk_payloader_});
  pipeline::CapsPtr opus(gst_caps_from_string("application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000"));
  GstPadTemplate* sink_template = gst_element_class_get_pad_template(GST_ELEMENT_GET_CLASS(webrtc_), "sink_%u");
  pipeline::PadPtr sink(gst_element_request_pad(webrtc_, sink_template, nullptr, opus.get()));
  pipeline::PadPtr source(gst_element_get_static_pad(talk_payloader_, "src"));
  if (!sink || gst_pad_link(source.get(), sink.get()) != GST_PAD_LINK_OK) {
    throw std::runtime_error("test console: cannot link the talk-back to webrtcbin");
  }

  g_signal_connect(webrtc_, "on-ice-candidate", G_CALLBACK(+[](GstElement*, guint mline, gchar* candidate, gpointer self) {
                     auto* console = static_cast<TestConsole*>(self);
                     if (console->signals_.on_ice_candidate) console->signals_.on_ice_candidate(mline, candidate);
                   }),
                   this);
  g_signal_connect(webrtc_, "pad-added", G_CALLBACK(+[](GstElement*, GstPad* pad, gpointer self) {
                     static_cast<TestConsole*>(self)->on_incoming_pad(pad);
                   }),
                   this);
  pipeline::BusPtr bus(gst_element_get_bus(pipeline_.get()));
  gst_bus_set_sync_handler(
      bus.get(),
      [](GstBus*, GstMessage* message, gpointer self) {
        if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
          auto* console = static_cast<TestConsole*>(self);
          std::lock_guard lock(console->mutex_);
          console->error_ = pipeline::describe_message(message);
        }
        return GST_BUS_DROP;
      },
      this, nullptr);
}

TestConsole::~TestConsole() { stop(); }

void TestConsole::stop() {
  if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
}

void TestConsole::set_offer(const std::string& sdp) {
  SdpMessagePtr offer = parse_sdp(sdp);
  // The talk-back goes out with the payload type the offer gives Opus.
  for (guint i = 0; i < gst_sdp_message_medias_len(offer.get()); ++i) {
    if (const int payload = payload_for(*offer, i, "OPUS"); payload >= 0) {
      g_object_set(talk_payloader_, "pt", static_cast<guint>(payload), nullptr);
    }
  }
  // Only now does the tone flow: webrtcbin pairs the offer's audio with our transceiver by
  // the caps the payloader has by then, and they must have the offer's payload type.
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    std::lock_guard lock(mutex_);
    error_ = "test console: the pipeline does not start";
    return;
  }
  SessionDescriptionPtr description = make_session_description(SdpType::offer, std::move(offer));
  GstPromise* promise = gst_promise_new_with_change_func(
      [](GstPromise* done, gpointer self) {
        auto* console = static_cast<TestConsole*>(self);
        if (gst_promise_wait(done) != GST_PROMISE_RESULT_REPLIED) return;
        GstPromise* answer = gst_promise_new_with_change_func(
            [](GstPromise* created, gpointer target) { static_cast<TestConsole*>(target)->on_answer_created(created); },
            console, nullptr);
        g_signal_emit_by_name(console->webrtc_, "create-answer", nullptr, answer);
        gst_promise_unref(answer);
      },
      this, nullptr);
  g_signal_emit_by_name(webrtc_, "set-remote-description", description.get(), promise);
  gst_promise_unref(promise);
}

void TestConsole::on_answer_created(GstPromise* promise) {
  if (gst_promise_wait(promise) != GST_PROMISE_RESULT_REPLIED) return;
  SessionDescriptionPtr answer = take_session_description(gst_promise_get_reply(promise), "answer");
  if (!answer) {
    std::lock_guard lock(mutex_);
    error_ = "test console: no answer";
    return;
  }
  const std::string text = sdp_text(*session_description_sdp(answer.get()));
  // With a promise, never without: webrtcbin 1.22 leaks its error reply (closed already)
  // when it has no promise to give it to.
  GstPromise* done = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "set-local-description", answer.get(), done);
  gst_promise_unref(done);
  if (signals_.on_answer) signals_.on_answer(text);
}

void TestConsole::add_ice_candidate(unsigned mline_index, const std::string& candidate) {
  g_signal_emit_by_name(webrtc_, "add-ice-candidate", mline_index, candidate.empty() ? nullptr : candidate.c_str());
}

void TestConsole::on_incoming_pad(GstPad* pad) {
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  pipeline::CapsPtr caps(gst_pad_get_current_caps(pad));
  if (!caps) caps.reset(gst_pad_query_caps(pad, nullptr));
  const char* media = caps && !gst_caps_is_empty(caps.get())
                          ? gst_structure_get_string(gst_caps_get_structure(caps.get(), 0), "media")
                          : nullptr;
  guint ssrc = 0;
  if (caps && !gst_caps_is_empty(caps.get()) &&
      gst_structure_get_uint(gst_caps_get_structure(caps.get(), 0), "ssrc", &ssrc)) {
    std::lock_guard lock(mutex_);
    ssrcs_.push_back(ssrc);
  }
  std::vector<GstElement*> chain;
  if (media && std::string_view(media) == "video") {
    chain = {make_element("rtpvp8depay"), make_element("vp8dec"), make_element("videoconvert"),
             capsfilter("video/x-raw,format=I420"),
             appsink(
                 [](GstAppSink* sink, gpointer self) {
                   pipeline::SamplePtr sample(gst_app_sink_pull_sample(sink));
                   if (sample) static_cast<TestConsole*>(self)->on_picture(sample.get());
                   return GST_FLOW_OK;
                 },
                 this)};
  } else {
    chain = {make_element("rtpopusdepay"), make_element("opusdec"), make_element("audioconvert"),
             make_element("audioresample"), capsfilter("audio/x-raw,format=S16LE,rate=48000,channels=1"),
             appsink(
                 [](GstAppSink* sink, gpointer self) {
                   pipeline::SamplePtr sample(gst_app_sink_pull_sample(sink));
                   if (sample) static_cast<TestConsole*>(self)->on_sound(sample.get());
                   return GST_FLOW_OK;
                 },
                 this)};
  }
  add_and_link(GST_BIN(pipeline_.get()), chain);
  if (media && std::string_view(media) == "video") {
    // Which frames are key frames, as they leave the depayloader (VP8's key frames carry no
    // delta-unit flag).
    pipeline::PadPtr depayloaded(gst_element_get_static_pad(chain.front(), "src"));
    gst_pad_add_probe(depayloaded.get(), GST_PAD_PROBE_TYPE_BUFFER,
                      [](GstPad*, GstPadProbeInfo* info, gpointer self) {
                        auto* console = static_cast<TestConsole*>(self);
                        const bool key = !GST_BUFFER_FLAG_IS_SET(GST_PAD_PROBE_INFO_BUFFER(info), GST_BUFFER_FLAG_DELTA_UNIT);
                        std::lock_guard lock(console->mutex_);
                        ++console->frames_;
                        if (key) console->key_frames_.push_back(console->frames_);
                        return GST_PAD_PROBE_OK;
                      },
                      this, nullptr);
    std::lock_guard lock(mutex_);
    video_sink_ = chain.back();
  }
  for (GstElement* element : chain) gst_element_sync_state_with_parent(element);
  pipeline::PadPtr entry(gst_element_get_static_pad(chain.front(), "sink"));
  if (gst_pad_link(pad, entry.get()) != GST_PAD_LINK_OK) {
    std::lock_guard lock(mutex_);
    error_ = "test console: cannot link webrtcbin's " + std::string(GST_PAD_NAME(pad));
  }
}

void TestConsole::on_picture(GstSample* sample) {
  GstVideoInfo info;
  if (!gst_video_info_from_caps(&info, gst_sample_get_caps(sample))) return;
  GstVideoFrame video;
  if (!gst_video_frame_map(&video, &info, gst_sample_get_buffer(sample), GST_MAP_READ)) return;
  auto picture = std::make_shared<OwnedPicture>();
  CallerFrame& frame = picture->frame;
  frame.width = GST_VIDEO_INFO_WIDTH(&info);
  frame.height = GST_VIDEO_INFO_HEIGHT(&info);
  frame.arrived = std::chrono::steady_clock::now();
  std::size_t offsets[3];
  for (int plane = 0; plane < 3; ++plane) {
    const int rows = plane == 0 ? frame.height : (frame.height + 1) / 2;
    const int width = plane == 0 ? frame.width : (frame.width + 1) / 2;
    offsets[plane] = picture->bytes.size();
    frame.strides[plane] = width;
    const auto* source = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&video, plane));
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&video, plane);
    for (int row = 0; row < rows; ++row) {
      picture->bytes.insert(picture->bytes.end(), source + static_cast<std::ptrdiff_t>(row) * stride,
                            source + static_cast<std::ptrdiff_t>(row) * stride + width);
    }
  }
  gst_video_frame_unmap(&video);
  for (int plane = 0; plane < 3; ++plane) frame.planes[plane] = picture->bytes.data() + offsets[plane];
  std::optional<long> number;
  if (read_qr_codes_) number = qr_frame_number(frame);
  std::lock_guard lock(mutex_);
  frame.number = ++pictures_;
  latest_ = std::shared_ptr<const CallerFrame>(picture, &picture->frame);
  if (number) read_.push_back({*number, frame.arrived});
}

void TestConsole::on_sound(GstSample* sample) {
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  GstMapInfo map;
  if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return;
  const auto* samples = reinterpret_cast<const std::int16_t*>(map.data);
  std::lock_guard lock(mutex_);
  received_.insert(received_.end(), samples, samples + map.size / sizeof(std::int16_t));
  if (received_.size() > kKeptSamples) {
    received_.erase(received_.begin(), received_.end() - static_cast<std::ptrdiff_t>(kKeptSamples));
  }
  gst_buffer_unmap(buffer, &map);
}

std::uint64_t TestConsole::frames_received() const {
  std::lock_guard lock(mutex_);
  return frames_;
}

std::vector<std::uint32_t> TestConsole::ssrcs_received() const {
  std::lock_guard lock(mutex_);
  return ssrcs_;
}

std::vector<std::uint64_t> TestConsole::key_frames() const {
  std::lock_guard lock(mutex_);
  return key_frames_;
}

void TestConsole::request_key_frame() {
  GstElement* sink = nullptr;
  {
    std::lock_guard lock(mutex_);
    sink = video_sink_;
  }
  if (!sink) return;
  // Upstream from the appsink: through the decoder and depayloader to the RTP session,
  // which knows the sender's SSRC and that it takes PLI (a=rtcp-fb nack pli).
  pipeline::PadPtr pad(gst_element_get_static_pad(sink, "sink"));
  gst_pad_push_event(pad.get(), gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
}

std::uint64_t TestConsole::pictures() const {
  std::lock_guard lock(mutex_);
  return pictures_;
}

std::shared_ptr<const CallerFrame> TestConsole::latest_picture() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

std::vector<ConsolePicture> TestConsole::read_pictures() const {
  std::lock_guard lock(mutex_);
  return read_;
}

std::vector<std::int16_t> TestConsole::received_audio() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::string TestConsole::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

}  // namespace votercast::media::call::test
