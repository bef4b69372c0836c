#include "media/call/caller_link.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <mutex>
#include <optional>
#include <stdexcept>

#include "media/call/call_chains.hpp"
#include "media/call/call_sdp.hpp"
#include "media/call/session_description.hpp"
#include "media/call/webrtc_link.hpp"
#include "media/call/webrtc_setup.hpp"
#include "media/pipeline/audio_fifo.hpp"
#include "media/pipeline/gst_handles.hpp"

namespace votercast::media::call {
namespace {

using pipeline::CapsPtr;
using pipeline::SamplePtr;

// An enum value of webrtcbin's types (libgstwebrtc's ABI), set through GObject properties.
constexpr int kDirectionRecvOnly = 3;  // GstWebRTCRTPTransceiverDirection

// Keeps a decoded buffer mapped for as long as its CallerFrame is held.
struct MappedFrame {
  CallerFrame frame;
  GstVideoFrame video{};
  ~MappedFrame() {
    if (video.buffer) gst_video_frame_unmap(&video);
  }
};

}  // namespace

class CallerLink::Impl {
 public:
  Impl(CallerLinkSettings settings, Callbacks callbacks);
  ~Impl();

  void accept_offer(const std::string& sdp);
  void add_ice_candidate(unsigned mline_index, const std::string& candidate) {
    link_.add_ice_candidate(mline_index, candidate);
  }
  std::shared_ptr<const CallerFrame> latest_frame() const;
  void pull_audio(std::span<std::int16_t> out) { audio_.pull(out); }
  void push_return_audio(const std::int16_t* interleaved, std::size_t frames);
  CallState state() const { return link_.state(); }
  CallerStats stats() const;
  void close();

 private:
  // Before the offer is set, on the thread that accepts it.
  void add_transceivers(const CallPlan& plan);
  void add_return_audio();
  // webrtcbin's negotiation, on its own thread.
  void on_remote_description_set(GstPromise* promise);
  void on_answer_created(GstPromise* promise);
  void on_local_description_set(GstPromise* promise);
  // What arrives from the caller, on streaming threads.
  void on_incoming_pad(GstPad* pad);
  void on_video_sample(GstAppSink* sink);
  void on_audio_sample(GstAppSink* sink);
  void on_packets(std::size_t bytes);

  const CallerLinkSettings settings_;
  pipeline::AudioFifo audio_;

  mutable std::mutex mutex_;  // guards everything below
  std::optional<CallPlan> plan_;
  GstElement* return_source_ = nullptr;  // appsrc, owned by link_'s pipeline
  GstElement* return_payloader_ = nullptr;
  std::uint32_t return_ssrc_ = 0;
  bool return_ready_ = false;  // the payloader has the answer's payload type
  std::shared_ptr<const CallerFrame> latest_;
  std::uint64_t frames_received_ = 0;
  std::uint64_t audio_frames_received_ = 0;
  std::uint64_t bytes_received_ = 0;
  std::uint64_t return_frames_sent_ = 0;
  pipeline::AudioLevelMeter level_;

  // Last: its threads call into the members above until the destructor shuts it down.
  WebRtcLink link_;
};

CallerLink::Impl::Impl(CallerLinkSettings settings, Callbacks callbacks)
    : settings_(std::move(settings)),
      audio_(kAudioChannels, audio_frames_for(settings_.audio_prime), audio_frames_for(settings_.audio_max_delay)),
      link_({"call", settings_.name,
             {settings_.stun_server, settings_.turn_server, settings_.local_addresses, settings_.relay_only},
             settings_.media_silence_timeout},
            std::move(callbacks),
            {[this](GstPad* pad) { on_incoming_pad(pad); }, [this](std::size_t bytes) { on_packets(bytes); }}) {
  g_object_set(link_.webrtc(), "latency", static_cast<guint>(settings_.jitter_buffer.count()), nullptr);
  link_.start();
}

CallerLink::Impl::~Impl() {
  {
    std::lock_guard lock(mutex_);
    return_ready_ = false;
  }
  link_.shut_down();
}

void CallerLink::Impl::accept_offer(const std::string& sdp) {
  SdpMessagePtr offer = parse_sdp(sdp);
  const CallPlan plan = plan_call(*offer);
  {
    std::lock_guard lock(mutex_);
    if (link_.closed()) throw std::logic_error("the call is closed");
    if (plan_) throw std::logic_error("the call already has an offer (renegotiation is not supported)");
    plan_ = plan;
  }
  try {
    add_transceivers(plan);
  } catch (const std::exception& error) {
    link_.fail(error.what());
    return;
  }
  SessionDescriptionPtr description = make_session_description(SdpType::offer, std::move(offer));
  GstPromise* promise = gst_promise_new_with_change_func(
      [](GstPromise* done, gpointer self) { static_cast<Impl*>(self)->on_remote_description_set(done); }, this, nullptr);
  g_signal_emit_by_name(link_.webrtc(), "set-remote-description", description.get(), promise);
  gst_promise_unref(promise);
}

// webrtcbin (1.22) pairs the offer's sections with transceivers when it makes the answer:
// an unassociated transceiver of the same kind whose codecs intersect the offer's takes the
// section, and the answer carries only that intersection. Sections nothing takes are
// answered receive-only with every codec offered; their pads go to a fakesink.
void CallerLink::Impl::add_transceivers(const CallPlan& plan) {
  if (plan.video_mline) {
    // Only the chosen codec and payload type: the answer offers the browser nothing else.
    CapsPtr video(gst_caps_new_simple("application/x-rtp", "media", G_TYPE_STRING, "video", "encoding-name",
                                      G_TYPE_STRING, encoding_name(plan.video_codec), "clock-rate", G_TYPE_INT, 90000,
                                      "payload", G_TYPE_INT, plan.video_payload, nullptr));
    GstObject* raw = nullptr;
    g_signal_emit_by_name(link_.webrtc(), "add-transceiver", kDirectionRecvOnly, video.get(), &raw);
    std::unique_ptr<GstObject, pipeline::GstObjectRelease> transceiver(raw);
    if (!transceiver) throw std::runtime_error("webrtcbin refused a video transceiver");
    // Ask for lost packets again rather than wait for the next key frame.
    if (g_object_class_find_property(G_OBJECT_GET_CLASS(transceiver.get()), "do-nack")) {
      g_object_set(transceiver.get(), "do-nack", TRUE, nullptr);
    }
  }
  if (plan.audio_mline) add_return_audio();
}

void CallerLink::Impl::on_remote_description_set(GstPromise* promise) {
  if (const std::string error = promise_error(promise, "the offer was refused"); !error.empty()) return link_.fail(error);
  GstPromise* answer = gst_promise_new_with_change_func(
      [](GstPromise* done, gpointer self) { static_cast<Impl*>(self)->on_answer_created(done); }, this, nullptr);
  g_signal_emit_by_name(link_.webrtc(), "create-answer", nullptr, answer);
  gst_promise_unref(answer);
}

// The caller's voice comes in and the return feed goes out on one sendrecv transceiver.
void CallerLink::Impl::add_return_audio() {
  const RtpSender sender = add_audio_sender(link_.bin(), link_.webrtc(), settings_.audio_max_delay);
  std::lock_guard lock(mutex_);
  return_source_ = sender.source;
  return_payloader_ = sender.payloader;
  return_ssrc_ = sender.ssrc;
}

void CallerLink::Impl::on_answer_created(GstPromise* promise) {
  if (const std::string error = promise_error(promise, "no answer"); !error.empty()) return link_.fail(error);
  SessionDescriptionPtr answer = take_session_description(gst_promise_get_reply(promise), "answer");
  if (!answer) return link_.fail("webrtcbin made no answer");
  CallPlan plan;
  {
    std::lock_guard lock(mutex_);
    plan = *plan_;
  }
  // The description owns its SDP and it is ours until set: the caps go in here.
  auto& sdp = *const_cast<GstSDPMessage*>(session_description_sdp(answer.get()));
  cap_answer_video(sdp, plan, {settings_.max_video_width, settings_.max_video_height, settings_.max_video_fps,
                               settings_.max_video_kbps});
  answer_transport_cc(sdp, plan);
  if (plan.audio_mline) {
    const int payload = payload_for(sdp, *plan.audio_mline, "OPUS");
    std::lock_guard lock(mutex_);
    if (payload >= 0 && return_payloader_) {
      // The browser knows Opus by the payload type it offered, not by rtpopuspay's default,
      // and the return audio by the SSRC the answer names.
      announce_sent_stream(sdp, *plan.audio_mline, return_ssrc_, "votercast-studio", "return-audio");
      g_object_set(return_payloader_, "pt", static_cast<guint>(payload), nullptr);
      return_ready_ = true;
    }
  }
  // The answer goes out before webrtcbin starts gathering, so it reaches the browser
  // ahead of our candidates.
  link_.send_local_description("answer", sdp_text(sdp));
  GstPromise* set = gst_promise_new_with_change_func(
      [](GstPromise* done, gpointer self) { static_cast<Impl*>(self)->on_local_description_set(done); }, this, nullptr);
  g_signal_emit_by_name(link_.webrtc(), "set-local-description", answer.get(), set);
  gst_promise_unref(set);
}

void CallerLink::Impl::on_local_description_set(GstPromise* promise) {
  if (const std::string error = promise_error(promise, "the answer was refused"); !error.empty()) link_.fail(error);
}

void CallerLink::Impl::on_incoming_pad(GstPad* pad) {
  const std::optional<unsigned> mline = transceiver_mline(pad);
  std::optional<CallPlan> plan;
  {
    std::lock_guard lock(mutex_);
    plan = plan_;
  }
  GstBin* bin = link_.bin();
  try {
    if (plan && mline && plan->video_mline == *mline) {
      add_video_receiver(bin, pad, plan->video_codec, settings_.frame_width, settings_.frame_height,
                         [](GstAppSink* sink, gpointer self) {
                           static_cast<Impl*>(self)->on_video_sample(sink);
                           return GST_FLOW_OK;
                         },
                         this);
    } else if (plan && mline && plan->audio_mline == *mline) {
      add_audio_receiver(bin, pad,
                         [](GstAppSink* sink, gpointer self) {
                           static_cast<Impl*>(self)->on_audio_sample(sink);
                           return GST_FLOW_OK;
                         },
                         this);
    } else {
      add_discard(bin, pad);  // a section we did not take
    }
  } catch (const std::exception& error) {
    link_.fail(error.what());
  }
}

void CallerLink::Impl::on_video_sample(GstAppSink* sink) {
  SamplePtr sample(gst_app_sink_pull_sample(sink));
  if (!sample) return;
  GstVideoInfo info;
  if (!gst_video_info_from_caps(&info, gst_sample_get_caps(sample.get()))) return;
  auto mapped = std::make_shared<MappedFrame>();
  if (!gst_video_frame_map(&mapped->video, &info, gst_sample_get_buffer(sample.get()), GST_MAP_READ)) return;
  CallerFrame& frame = mapped->frame;
  frame.width = GST_VIDEO_INFO_WIDTH(&info);
  frame.height = GST_VIDEO_INFO_HEIGHT(&info);
  for (int plane = 0; plane < 3; ++plane) {
    frame.planes[plane] = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&mapped->video, plane));
    frame.strides[plane] = GST_VIDEO_FRAME_PLANE_STRIDE(&mapped->video, plane);
  }
  frame.arrived = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  frame.number = ++frames_received_;
  // The aliasing pointer keeps the mapping (and with it the buffer) alive.
  latest_ = std::shared_ptr<const CallerFrame>(mapped, &mapped->frame);
}

void CallerLink::Impl::on_audio_sample(GstAppSink* sink) {
  take_sound(sink, [this](std::span<const std::int16_t> samples) {
    audio_.push(samples);
    std::lock_guard lock(mutex_);
    level_.add(samples);
    audio_frames_received_ += samples.size() / kAudioChannels;
  });
}

void CallerLink::Impl::on_packets(std::size_t bytes) {
  std::lock_guard lock(mutex_);
  bytes_received_ += bytes;
}

std::shared_ptr<const CallerFrame> CallerLink::Impl::latest_frame() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

void CallerLink::Impl::push_return_audio(const std::int16_t* interleaved, std::size_t frames) {
  std::lock_guard lock(mutex_);
  if (!return_ready_ || frames == 0) return;
  const gsize bytes = frames * kAudioChannels * sizeof(std::int16_t);
  // appsrc does not block (block=false) and drops the oldest when full: safe under the lock.
  if (gst_app_src_push_buffer(GST_APP_SRC(return_source_), gst_buffer_new_memdup(interleaved, bytes)) == GST_FLOW_OK) {
    return_frames_sent_ += frames;
  }
}

CallerStats CallerLink::Impl::stats() const {
  CallerStats stats;
  stats.state = link_.state();
  std::lock_guard lock(mutex_);
  if (plan_ && plan_->video_mline) stats.video_codec = encoding_name(plan_->video_codec);
  stats.frames_received = frames_received_;
  if (latest_) {
    stats.last_frame_age = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                                  latest_->arrived);
  }
  stats.audio_frames_received = audio_frames_received_;
  stats.audio_level = level_.level();
  stats.bytes_received = bytes_received_;
  stats.return_audio_frames_sent = return_frames_sent_;
  return stats;
}

void CallerLink::Impl::close() {
  {
    std::lock_guard lock(mutex_);
    return_ready_ = false;
  }
  // The network stops here; the last picture stays readable.
  link_.close("closed by the studio");
}

CallerLink::CallerLink(CallerLinkSettings settings, Callbacks callbacks)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(callbacks))) {}
CallerLink::~CallerLink() = default;

void CallerLink::accept_offer(const std::string& sdp) { impl_->accept_offer(sdp); }
void CallerLink::add_ice_candidate(unsigned mline_index, const std::string& candidate) {
  impl_->add_ice_candidate(mline_index, candidate);
}
std::shared_ptr<const CallerFrame> CallerLink::latest_frame() const { return impl_->latest_frame(); }
void CallerLink::pull_audio(std::span<std::int16_t> out) { impl_->pull_audio(out); }
void CallerLink::push_return_audio(const std::int16_t* interleaved, std::size_t frames) {
  impl_->push_return_audio(interleaved, frames);
}
CallState CallerLink::state() const { return impl_->state(); }
CallerStats CallerLink::stats() const { return impl_->stats(); }
void CallerLink::close() { impl_->close(); }

}  // namespace votercast::media::call
