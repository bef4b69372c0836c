#pragma once
// Decides the CallState from what webrtcbin reports (ICE connection state) and from media
// arriving. ICE alone notices a vanished peer only after its consent checks time out
// (seconds); missing RTP says so within the silence timeout. Plain logic, no GStreamer, no
// lock: the owner serialises calls.
#include <chrono>
#include <optional>
#include <string>

#include "media/call/call_state.hpp"

namespace votercast::media::call {

// GstWebRTCICEConnectionState's values.
enum class IceState : int { fresh = 0, checking = 1, connected = 2, completed = 3, failed = 4, disconnected = 5, closed = 6 };

struct StateChange {
  CallState state;
  std::string reason;
};

class LinkHealth {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LinkHealth(std::chrono::milliseconds media_silence_timeout);

  // Each returns the new state when it changed.
  std::optional<StateChange> on_ice(IceState ice);
  std::optional<StateChange> on_media(Clock::time_point now);
  // Called periodically: notices silence.
  std::optional<StateChange> on_tick(Clock::time_point now);
  std::optional<StateChange> on_failure(std::string reason);
  std::optional<StateChange> on_close(std::string reason);

  CallState state() const { return state_; }

 private:
  std::optional<StateChange> move_to(CallState next, std::string reason);
  bool final() const { return state_ == CallState::closed || state_ == CallState::failed; }

  const std::chrono::milliseconds silence_timeout_;
  CallState state_ = CallState::connecting;
  bool ice_up_ = false;
  std::optional<Clock::time_point> last_media_;
};

}  // namespace votercast::media::call
