#pragma once
// The GStreamer chains of one call around its webrtcbin: what decodes the caller's picture
// and sound into appsinks, and what encodes what we send. Plumbing only: what the
// samples mean is the links' business (CallerLink, ScreenerLink). Every function throws std::runtime_error when an
// element is missing or does not link.
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <chrono>
#include <cstdint>
#include <cstddef>
#include <functional>
#include <span>

#include "media/call/call_sdp.hpp"

namespace votercast::media::call {

// The sound both ways: interleaved S16LE stereo at 48 kHz.
inline constexpr int kAudioRate = 48000;
inline constexpr int kAudioChannels = 2;
std::size_t audio_frames_for(std::chrono::milliseconds duration);

// Called on a streaming thread for each sample the appsink takes (appsink's new-sample).
using SampleHandler = GstFlowReturn (*)(GstAppSink* sink, gpointer target);

// pad → depayloader → decoder → leaky queue → letterboxing scaler → an appsink of I420
// pictures of width x height that keeps only the newest one and never waits on the clock.
void add_video_receiver(GstBin* bin, GstPad* pad, VideoCodec codec, int width, int height, SampleHandler on_picture,
                        gpointer target);
// pad → Opus decoder (lost packets concealed) → S16LE 48 kHz stereo → an appsink.
void add_audio_receiver(GstBin* bin, GstPad* pad, SampleHandler on_sound, gpointer target);
// In on_sound: pulls the appsink's sample and hands take its interleaved samples, mapped
// for the call only. Nothing when there is no sample or it cannot be read.
void take_sound(GstAppSink* sink, const std::function<void(std::span<const std::int16_t>)>& take);
// A pad nobody asked for goes to a fakesink, so that webrtcbin does not stop on not-linked.
void add_discard(GstBin* bin, GstPad* pad);

// What we send: the appsrc to push to and the payloader's fixed SSRC, which the SDP must
// name (call_sdp.hpp, announce_sent_stream). The elements are owned by the bin.
struct RtpSender {
  GstElement* source = nullptr;
  GstElement* encoder = nullptr;
  GstElement* payloader = nullptr;  // its "pt" must be the payload type the SDP gives the codec
  std::uint32_t ssrc = 0;           // fixed before it starts: set later, a payloader ignores it
};

// A live appsrc of our sound that never blocks (past max_delay the oldest sound goes) →
// Opus → RTP → a new sink pad of webrtc, with a sendrecv audio transceiver of its own.
// payload: Opus's payload type in our offer (with minptime=10;useinbandfec=1, as browsers
// offer it); -1 when answering, the payloader's "pt" then comes from the offer.
RtpSender add_audio_sender(GstBin* bin, GstElement* webrtc, std::chrono::milliseconds max_delay, int payload = -1);

struct VideoSenderSettings {
  int width = 480;
  int height = 270;
  int kbps = 500;
  int payload = 96;  // VP8's payload type in our offer
};
// A live appsrc of I420 pictures of any size (one waits while the encoder is busy; newer
// ones are dropped meanwhile) → letterboxing scaler to width x height → VP8 in real time → RTP → a new
// sink pad of webrtc, with a sendonly video transceiver that offers PLI feedback (a key
// frame follows a receiver's request). The appsrc takes its caps from each picture.
RtpSender add_video_sender(GstBin* bin, GstElement* webrtc, const VideoSenderSettings& settings);

}  // namespace votercast::media::call
