#pragma once
// The GStreamer chains of one call around its webrtcbin: what decodes the caller's picture
// and sound into appsinks, and what encodes the return audio. Plumbing only: what the
// samples mean is CallerLink's business. Every function throws std::runtime_error when an
// element is missing or does not link.
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <chrono>
#include <cstdint>
#include <cstddef>

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
// A pad nobody asked for goes to a fakesink, so that webrtcbin does not stop on not-linked.
void add_discard(GstBin* bin, GstPad* pad);

struct ReturnAudioSender {
  GstElement* source = nullptr;     // the appsrc to push to (owned by the bin)
  GstElement* payloader = nullptr;  // its "pt" must be the answer's Opus payload type
  std::uint32_t ssrc = 0;           // fixed before it starts: the answer must name it
};
// A live appsrc that never blocks (past max_delay the oldest sound goes) → Opus → RTP → a
// new sink pad of webrtc, with a sendrecv audio transceiver of its own.
ReturnAudioSender add_return_audio_sender(GstBin* bin, GstElement* webrtc, std::chrono::milliseconds max_delay);

}  // namespace votercast::media::call
