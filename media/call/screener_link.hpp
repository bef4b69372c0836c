#pragma once
// One screener's WebRTC connection to a waiting caller (issue 15): the server sends the
// screener's console the caller's picture, re-encoded small, and the caller's voice, and
// receives the screener's microphone (talk-back) to go back to the caller. Here the server
// offers (it has the media to send) and the console's browser answers.
//
// The studio side pumps the media: push_picture() and push_sound() with what the caller's
// link delivers, pull_talkback() for what goes back to the caller. None of them waits: a
// slow encoder drops pictures, a slow network never reaches the caller's link.
//
// Threads: as CallerLink (caller_link.hpp): every public method from any thread, callbacks
// on a thread of the link's own, in order (the offer before our first candidate), none
// once the destructor has started.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "media/call/call_state.hpp"
#include "media/call/caller_link.hpp"
#include "media/call/link_callbacks.hpp"
#include "media/pipeline/audio_level.hpp"

namespace votercast::media::call {

struct ScreenerLinkSettings {
  std::string name = "screener";  // names the pipeline in logs and errors
  // What the console sees: the caller's picture scaled (letterboxed) to this size, VP8.
  // Small on purpose: a screener judges a face and a room, not detail, and several
  // callers are screened at once on a 2-core machine.
  int video_width = 480;
  int video_height = 270;
  int video_kbps = 500;
  // At most this many pictures a second go to the encoder; those that come sooner are
  // dropped. Enough to judge by, and encoding is what a screening costs the machine the
  // programme runs on.
  int max_fps = 15;
  // ICE as CallerLinkSettings.
  std::string stun_server;
  std::string turn_server;
  std::vector<std::string> local_addresses;
  // The talk-back FIFO, as CallerLinkSettings' audio_prime and audio_max_delay.
  std::chrono::milliseconds audio_prime{40};
  std::chrono::milliseconds audio_max_delay{200};
};

struct ScreenerStats {
  CallState state = CallState::connecting;
  std::uint64_t pictures_sent = 0;              // pictures that went into the encoder
  std::uint64_t sound_frames_sent = 0;          // sample frames of the caller's voice
  std::uint64_t talkback_frames_received = 0;   // sample frames of the screener's microphone
  pipeline::AudioLevel talkback_level;
};

class ScreenerLink {
 public:
  // The offer goes out through on_local_description ("offer"). The console is lost after
  // 2 s without a packet from it (its RTCP about our streams, its microphone).
  using Callbacks = LinkCallbacks;

  // Builds the pipeline and starts negotiating: the offer comes through
  // on_local_description. It names the SSRC of each stream it sends (a=ssrc, a=msid).
  // Throws std::runtime_error when a GStreamer element is missing.
  ScreenerLink(ScreenerLinkSettings settings, Callbacks callbacks);
  ~ScreenerLink();
  ScreenerLink(const ScreenerLink&) = delete;
  ScreenerLink& operator=(const ScreenerLink&) = delete;

  // The console's answer. Throws std::invalid_argument when the text is not an SDP
  // answer, std::logic_error for a second one; negotiation errors later are a failed state.
  void accept_answer(const std::string& sdp);
  // A remote candidate ("candidate:..."; empty: no more candidates).
  void add_ice_candidate(unsigned mline_index, const std::string& candidate);

  // The caller's newest picture (any I420 size; held, not copied, until encoded). Dropped
  // before the call is negotiated, while the encoder is still busy with an earlier one, and
  // when it comes sooner than max_fps allows.
  void push_picture(std::shared_ptr<const CallerFrame> frame);
  // The caller's voice: interleaved S16 stereo at 48 kHz, frames sample frames. Dropped
  // until negotiated.
  void push_sound(const std::int16_t* interleaved, std::size_t frames);
  // Fills out (interleaved S16 stereo at 48 kHz) with the screener's microphone, silence
  // where there is none; never waits.
  void pull_talkback(std::span<std::int16_t> out);

  CallState state() const;
  ScreenerStats stats() const;
  // Ends the link (state closed); the destructor does the same.
  void close();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace votercast::media::call
