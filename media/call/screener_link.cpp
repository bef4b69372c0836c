#include "media/call/screener_link.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>

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
using pipeline::PadPtr;

constexpr std::chrono::milliseconds kConsoleSilenceTimeout{2000};
constexpr int kVideoPayload = 96;
constexpr int kAudioPayload = 111;
// The caller's picture and voice are one stream to the console (it keeps them in sync).
constexpr const char* kStreamId = "votercast-caller";

// The index of the first section of kind ("audio", "video") in sdp.
std::optional<unsigned> section_of(const GstSDPMessage& sdp, std::string_view kind) {
  for (guint i = 0; i < gst_sdp_message_medias_len(&sdp); ++i) {
    const char* media = gst_sdp_media_get_media(gst_sdp_message_get_media(&sdp, i));
    if (media && media == kind) return i;
  }
  return std::nullopt;
}

// The planes of a CallerFrame as one GstBuffer, without a copy: each plane's memory holds a
// reference to the frame, so the frame lives until the scaler has read the last of them.
GstBuffer* wrap_frame(const std::shared_ptr<const CallerFrame>& frame) {
  GstBuffer* buffer = gst_buffer_new();
  gsize offsets[GST_VIDEO_MAX_PLANES] = {};
  gint strides[GST_VIDEO_MAX_PLANES] = {};
  gsize offset = 0;
  for (int plane = 0; plane < 3; ++plane) {
    const int width = plane == 0 ? frame->width : (frame->width + 1) / 2;
    const int rows = plane == 0 ? frame->height : (frame->height + 1) / 2;
    // The last row may end at its pixels, before the stride: read no further than that.
    const gsize size = static_cast<gsize>(frame->strides[plane]) * static_cast<gsize>(rows - 1) +
                       static_cast<gsize>(width);
    auto* hold = new std::shared_ptr<const CallerFrame>(frame);
    gst_buffer_append_memory(
        buffer, gst_memory_new_wrapped(GST_MEMORY_FLAG_READONLY, const_cast<std::uint8_t*>(frame->planes[plane]),
                                       size, 0, size, hold, [](gpointer held) {
                                         delete static_cast<std::shared_ptr<const CallerFrame>*>(held);
                                       }));
    offsets[plane] = offset;
    strides[plane] = frame->strides[plane];
    offset += size;
  }
  gst_buffer_add_video_meta_full(buffer, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_FORMAT_I420,
                                 static_cast<guint>(frame->width), static_cast<guint>(frame->height), 3, offsets,
                                 strides);
  return buffer;
}

}  // namespace

class ScreenerLink::Impl {
 public:
  Impl(ScreenerLinkSettings settings, Callbacks callbacks);
  ~Impl();

  void accept_answer(const std::string& sdp);
  void add_ice_candidate(unsigned mline_index, const std::string& candidate) {
    link_.add_ice_candidate(mline_index, candidate);
  }
  void push_picture(std::shared_ptr<const CallerFrame> frame);
  void push_sound(const std::int16_t* interleaved, std::size_t frames);
  void pull_talkback(std::span<std::int16_t> out) { talkback_.pull(out); }
  CallState state() const { return link_.state(); }
  ScreenerStats stats() const;
  void close();

 private:
  // webrtcbin's negotiation, on its own thread.
  void on_offer_created(GstPromise* promise);
  void on_local_description_set(GstPromise* promise);
  void on_remote_description_set(GstPromise* promise);
  // What arrives from the console, on streaming threads.
  void on_incoming_pad(GstPad* pad);
  void on_talkback_sample(GstAppSink* sink);
  void on_picture_encoding();

  const ScreenerLinkSettings settings_;
  pipeline::AudioFifo talkback_;

  mutable std::mutex mutex_;  // guards everything below
  std::string offer_;                    // our offer as set, until it goes to the studio
  std::optional<unsigned> audio_mline_;  // of our offer, once made
  bool answered_ = false;
  bool negotiated_ = false;  // the answer is set: media may flow
  int picture_width_ = 0;    // of the appsrc's caps
  int picture_height_ = 0;
  std::chrono::steady_clock::time_point next_picture_due_;  // the max_fps cap
  std::uint64_t pictures_sent_ = 0;
  std::uint64_t sound_frames_sent_ = 0;
  std::uint64_t talkback_frames_received_ = 0;
  pipeline::AudioLevelMeter level_;

  // Last: its threads call into the members above until the destructor shuts it down.
  WebRtcLink link_;
  RtpSender video_;  // its elements owned by link_'s pipeline
  RtpSender sound_;
};

ScreenerLink::Impl::Impl(ScreenerLinkSettings settings, Callbacks callbacks)
    : settings_(std::move(settings)),
      talkback_(kAudioChannels, audio_frames_for(settings_.audio_prime), audio_frames_for(settings_.audio_max_delay)),
      // A browser receiving our video sends RTCP at least every second (and its microphone,
      // when the screener talks): two seconds without a packet is a console gone, not a
      // quiet one.
      link_({"screener", settings_.name, {settings_.stun_server, settings_.turn_server, settings_.local_addresses, false},
             kConsoleSilenceTimeout},
            std::move(callbacks), {[this](GstPad* pad) { on_incoming_pad(pad); }, nullptr}) {
  // Audio first (m-line 0), as browsers order their own offers.
  sound_ = add_audio_sender(link_.bin(), link_.webrtc(), settings_.audio_max_delay, kAudioPayload);
  video_ = add_video_sender(link_.bin(), link_.webrtc(),
                            {settings_.video_width, settings_.video_height, settings_.video_kbps, kVideoPayload});
  PadPtr encoder_input(gst_element_get_static_pad(video_.encoder, "sink"));
  gst_pad_add_probe(encoder_input.get(), GST_PAD_PROBE_TYPE_BUFFER,
                    [](GstPad*, GstPadProbeInfo*, gpointer self) {
                      static_cast<Impl*>(self)->on_picture_encoding();
                      return GST_PAD_PROBE_OK;
                    },
                    this, nullptr);
  link_.start();
  // The transceivers' codec preferences are enough for the offer: no media has to flow.
  GstPromise* promise = gst_promise_new_with_change_func(
      [](GstPromise* done, gpointer self) { static_cast<Impl*>(self)->on_offer_created(done); }, this, nullptr);
  g_signal_emit_by_name(link_.webrtc(), "create-offer", nullptr, promise);
  gst_promise_unref(promise);
}

ScreenerLink::Impl::~Impl() {
  {
    std::lock_guard lock(mutex_);
    negotiated_ = false;
  }
  link_.shut_down();
}

void ScreenerLink::Impl::on_offer_created(GstPromise* promise) {
  if (const std::string error = promise_error(promise, "no offer"); !error.empty()) return link_.fail(error);
  SessionDescriptionPtr offer = take_session_description(gst_promise_get_reply(promise), "offer");
  if (!offer) return link_.fail("webrtcbin made no offer");
  // The description owns its SDP and it is ours until set: the SSRCs go in here.
  auto& sdp = *const_cast<GstSDPMessage*>(session_description_sdp(offer.get()));
  const std::optional<unsigned> audio = section_of(sdp, "audio");
  const std::optional<unsigned> video = section_of(sdp, "video");
  if (!audio || !video) return link_.fail("webrtcbin's offer lacks the audio or the video section");
  announce_sent_stream(sdp, *audio, sound_.ssrc, kStreamId, "caller-voice");
  announce_sent_stream(sdp, *video, video_.ssrc, kStreamId, "caller-picture");
  {
    std::lock_guard lock(mutex_);
    offer_ = sdp_text(sdp);
    audio_mline_ = audio;
  }
  // The offer goes to the studio once set (an answer must not overtake it), and before our
  // first candidate: webrtcbin starts gathering while it sets it and hands out candidates
  // in tasks after this one.
  GstPromise* set = gst_promise_new_with_change_func(
      [](GstPromise* done, gpointer self) { static_cast<Impl*>(self)->on_local_description_set(done); }, this, nullptr);
  g_signal_emit_by_name(link_.webrtc(), "set-local-description", offer.get(), set);
  gst_promise_unref(set);
}

void ScreenerLink::Impl::on_local_description_set(GstPromise* promise) {
  if (const std::string error = promise_error(promise, "our offer was refused"); !error.empty()) return link_.fail(error);
  std::string offer;
  {
    std::lock_guard lock(mutex_);
    offer = std::move(offer_);
  }
  link_.send_local_description("offer", std::move(offer));
}

void ScreenerLink::Impl::accept_answer(const std::string& sdp) {
  SdpMessagePtr answer = parse_sdp(sdp);
  {
    std::lock_guard lock(mutex_);
    if (link_.closed()) throw std::logic_error("the screener's link is closed");
    if (!audio_mline_) throw std::logic_error("no offer has gone out yet");
    if (answered_) throw std::logic_error("the link already has an answer (renegotiation is not supported)");
    // An answer has our offer's two sections, in our order (RFC 3264).
    if (gst_sdp_message_medias_len(answer.get()) != 2 || section_of(*answer, "audio") != audio_mline_ ||
        !section_of(*answer, "video")) {
      throw std::invalid_argument("not an answer to our offer: it must have our audio and video sections, in order");
    }
    answered_ = true;
  }
  SessionDescriptionPtr description = make_session_description(SdpType::answer, std::move(answer));
  GstPromise* promise = gst_promise_new_with_change_func(
      [](GstPromise* done, gpointer self) { static_cast<Impl*>(self)->on_remote_description_set(done); }, this, nullptr);
  g_signal_emit_by_name(link_.webrtc(), "set-remote-description", description.get(), promise);
  gst_promise_unref(promise);
}

void ScreenerLink::Impl::on_remote_description_set(GstPromise* promise) {
  if (const std::string error = promise_error(promise, "the answer was refused"); !error.empty()) return link_.fail(error);
  std::lock_guard lock(mutex_);
  if (!link_.closed()) negotiated_ = true;
}

void ScreenerLink::Impl::on_incoming_pad(GstPad* pad) {
  const std::optional<unsigned> mline = transceiver_mline(pad);
  std::optional<unsigned> audio;
  {
    std::lock_guard lock(mutex_);
    audio = audio_mline_;
  }
  GstBin* bin = link_.bin();
  try {
    if (mline && audio == *mline) {
      add_audio_receiver(bin, pad,
                         [](GstAppSink* sink, gpointer self) {
                           static_cast<Impl*>(self)->on_talkback_sample(sink);
                           return GST_FLOW_OK;
                         },
                         this);
    } else {
      add_discard(bin, pad);  // the video is send-only: nothing else should come
    }
  } catch (const std::exception& error) {
    link_.fail(error.what());
  }
}

void ScreenerLink::Impl::on_talkback_sample(GstAppSink* sink) {
  take_sound(sink, [this](std::span<const std::int16_t> samples) {
    talkback_.push(samples);
    std::lock_guard lock(mutex_);
    level_.add(samples);
    talkback_frames_received_ += samples.size() / kAudioChannels;
  });
}

void ScreenerLink::Impl::on_picture_encoding() {
  std::lock_guard lock(mutex_);
  ++pictures_sent_;
}

void ScreenerLink::Impl::push_picture(std::shared_ptr<const CallerFrame> frame) {
  if (!frame || frame->width <= 0 || frame->height <= 0) return;
  std::lock_guard lock(mutex_);
  if (!negotiated_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_picture_due_) return;
  auto* source = GST_APP_SRC(video_.source);
  // A picture already waits for the encoder: this one goes (appsrc would drop it anyway,
  // after taking a new size's caps in for nothing).
  if (gst_app_src_get_current_level_buffers(source) > 0) return;
  // Each picture is due an interval after the last one was, so that 25 a second offered
  // make 15 sent, not 12.5 (every other); after a pause the count starts again from now.
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(1.0 / std::max(settings_.max_fps, 1)));
  next_picture_due_ = std::max(next_picture_due_ + interval, now + interval / 2);
  if (frame->width != picture_width_ || frame->height != picture_height_) {
    // A nominal max_fps: what vp8enc's rate control counts a picture as when it has no
    // duration (the bitrate is spent over that many); the pictures come when they come.
    CapsPtr caps(gst_caps_new_simple("video/x-raw", "format", G_TYPE_STRING, "I420", "width", G_TYPE_INT, frame->width,
                                     "height", G_TYPE_INT, frame->height, "framerate", GST_TYPE_FRACTION,
                                     std::max(settings_.max_fps, 1), 1,
                                     "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, nullptr));
    gst_app_src_set_caps(source, caps.get());
    picture_width_ = frame->width;
    picture_height_ = frame->height;
  }
  // appsrc does not block (block=false, one picture deep): safe under the lock.
  gst_app_src_push_buffer(source, wrap_frame(frame));
}

void ScreenerLink::Impl::push_sound(const std::int16_t* interleaved, std::size_t frames) {
  std::lock_guard lock(mutex_);
  if (!negotiated_ || frames == 0) return;
  const gsize bytes = frames * kAudioChannels * sizeof(std::int16_t);
  // appsrc does not block (block=false) and drops the oldest when full: safe under the lock.
  if (gst_app_src_push_buffer(GST_APP_SRC(sound_.source), gst_buffer_new_memdup(interleaved, bytes)) == GST_FLOW_OK) {
    sound_frames_sent_ += frames;
  }
}

ScreenerStats ScreenerLink::Impl::stats() const {
  ScreenerStats stats;
  stats.state = link_.state();
  std::lock_guard lock(mutex_);
  stats.pictures_sent = pictures_sent_;
  stats.sound_frames_sent = sound_frames_sent_;
  stats.talkback_frames_received = talkback_frames_received_;
  stats.talkback_level = level_.level();
  return stats;
}

void ScreenerLink::Impl::close() {
  {
    std::lock_guard lock(mutex_);
    negotiated_ = false;
  }
  link_.close("closed by the studio");
}

ScreenerLink::ScreenerLink(ScreenerLinkSettings settings, Callbacks callbacks)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(callbacks))) {}
ScreenerLink::~ScreenerLink() = default;

void ScreenerLink::accept_answer(const std::string& sdp) { impl_->accept_answer(sdp); }
void ScreenerLink::add_ice_candidate(unsigned mline_index, const std::string& candidate) {
  impl_->add_ice_candidate(mline_index, candidate);
}
void ScreenerLink::push_picture(std::shared_ptr<const CallerFrame> frame) { impl_->push_picture(std::move(frame)); }
void ScreenerLink::push_sound(const std::int16_t* interleaved, std::size_t frames) {
  impl_->push_sound(interleaved, frames);
}
void ScreenerLink::pull_talkback(std::span<std::int16_t> out) { impl_->pull_talkback(out); }
CallState ScreenerLink::state() const { return impl_->state(); }
ScreenerStats ScreenerLink::stats() const { return impl_->stats(); }
void ScreenerLink::close() { impl_->close(); }

}  // namespace votercast::media::call
