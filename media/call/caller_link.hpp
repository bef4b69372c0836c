#pragma once
// One video caller's WebRTC connection on the server (issue 15): the caller's browser
// offers, we answer; their picture arrives decoded and scaled to a fixed size, their voice
// as 48 kHz stereo samples, and we send them return audio (later the mix-minus feed).
//
// The studio must never wait on a caller's network: latest_frame() and pull_audio() only
// read what has already arrived (a late caller freezes, the programme does not), and a
// vanished caller is reported lost within the media silence timeout (700 ms by default).
//
// Threads: every public method may be called from any thread; none waits on the network.
// GStreamer's threads (webrtcbin's signalling thread, the streaming threads) only record
// what happens; the callbacks run on a thread of the link's own, one at a time, in the
// order things happened (the answer before our first candidate). A callback may call the
// link's other methods, must not destroy the link, and should return quickly (it holds up
// the next one and the silence check). None runs once the destructor has started.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "media/pipeline/audio_level.hpp"
#include "media/call/call_state.hpp"
#include "media/call/link_callbacks.hpp"

namespace votercast::media::call {

struct CallerLinkSettings {
  std::string name = "caller";  // names the pipeline in logs and errors
  // The caller's picture is scaled to this I420 size, letterboxed to keep its aspect.
  int frame_width = 1280;
  int frame_height = 720;
  // ICE servers as webrtcbin takes them: stun://host:port, turn(s)://user:password@host:port.
  // Empty: none (on a LAN or loopback host candidates suffice).
  std::string stun_server;
  std::string turn_server;
  // Gather host candidates on these addresses only (empty: every interface).
  std::vector<std::string> local_addresses;
  // Use the TURN relay's candidates only (ICE transport policy "relay"): what proves, in
  // the tests, that the relay and its credentials work.
  bool relay_only = false;
  // While connected, this long without a packet from the caller means lost.
  std::chrono::milliseconds media_silence_timeout{700};
  // webrtcbin's jitter buffer. Less than 200 ms loses the late packets of a keyframe a
  // browser paces out at its starting bitrate, and a keyframe storm follows.
  std::chrono::milliseconds jitter_buffer{200};
  // What the answer lets the browser send (see call_sdp.hpp for what each cap does).
  int max_video_width = 1280;
  int max_video_height = 720;
  int max_video_fps = 30;
  int max_video_kbps = 2000;
  // The received audio waits in a FIFO until this much is there, and is cut back when
  // more than audio_max_delay is queued (nobody pulling, or the caller's clock running fast).
  std::chrono::milliseconds audio_prime{40};
  std::chrono::milliseconds audio_max_delay{200};
};

// One decoded picture, I420 at the settings' frame size. The planes stay valid as long as
// the frame is held.
struct CallerFrame {
  int width = 0;
  int height = 0;
  const std::uint8_t* planes[3] = {nullptr, nullptr, nullptr};
  int strides[3] = {0, 0, 0};
  std::uint64_t number = 0;  // 1 for the first picture of the call, then one more each
  std::chrono::steady_clock::time_point arrived;
};

struct CallerStats {
  CallState state = CallState::connecting;
  std::string video_codec;  // "VP8" or "H264" once an offer was accepted
  std::uint64_t frames_received = 0;
  std::chrono::milliseconds last_frame_age{-1};  // -1: no frame yet
  std::uint64_t audio_frames_received = 0;       // sample frames (48,000 a second)
  pipeline::AudioLevel audio_level;
  std::uint64_t bytes_received = 0;  // off the network: SRTP and SRTCP, audio and video
  std::uint64_t return_audio_frames_sent = 0;
};

class CallerLink {
 public:
  // The answer goes out through on_local_description ("answer").
  using Callbacks = LinkCallbacks;

  // Builds and starts the pipeline (no network traffic before an offer).
  // Throws std::runtime_error when a GStreamer element is missing.
  CallerLink(CallerLinkSettings settings, Callbacks callbacks);
  ~CallerLink();
  CallerLink(const CallerLink&) = delete;
  CallerLink& operator=(const CallerLink&) = delete;

  // Takes the browser's offer; the answer comes through on_local_description.
  // Throws std::invalid_argument when the text is not SDP or offers no usable media, and
  // std::logic_error for a second offer. Negotiation errors after that are a failed state.
  void accept_offer(const std::string& sdp);
  // A remote candidate ("candidate:..."; empty: no more candidates).
  void add_ice_candidate(unsigned mline_index, const std::string& candidate);

  // The newest picture (null before the first); never waits for the network.
  std::shared_ptr<const CallerFrame> latest_frame() const;
  // Fills out (interleaved S16 stereo at 48 kHz) with the caller's sound, silence where
  // there is none yet; never waits.
  void pull_audio(std::span<std::int16_t> out);
  // Sends sound to the caller: interleaved S16 stereo at 48 kHz, frames sample frames.
  // Dropped until the call is negotiated.
  void push_return_audio(const std::int16_t* interleaved, std::size_t frames);

  CallState state() const;
  CallerStats stats() const;
  // Ends the call (state closed); the destructor does the same.
  void close();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace votercast::media::call
