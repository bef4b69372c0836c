#include "media/call/link_health.hpp"

namespace votercast::media::call {

LinkHealth::LinkHealth(std::chrono::milliseconds media_silence_timeout) : silence_timeout_(media_silence_timeout) {}

std::optional<StateChange> LinkHealth::move_to(CallState next, std::string reason) {
  if (final() || next == state_) return std::nullopt;
  state_ = next;
  return StateChange{next, std::move(reason)};
}

std::optional<StateChange> LinkHealth::on_ice(IceState ice) {
  switch (ice) {
    case IceState::connected:
    case IceState::completed:
      ice_up_ = true;
      // Media that came first (it can: ICE's state is reported from another thread) counts.
      if (last_media_ && state_ == CallState::connecting) return move_to(CallState::connected, "media arriving");
      return std::nullopt;
    case IceState::disconnected:
      ice_up_ = false;
      if (state_ == CallState::connected) return move_to(CallState::lost, "ICE disconnected");
      return std::nullopt;
    case IceState::failed: return move_to(CallState::failed, "ICE failed: no network path to the caller");
    case IceState::closed: return move_to(CallState::closed, "ICE closed");
    case IceState::fresh:
    case IceState::checking: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<StateChange> LinkHealth::on_media(Clock::time_point now) {
  last_media_ = now;
  if (ice_up_ && (state_ == CallState::connecting || state_ == CallState::lost)) {
    return move_to(CallState::connected, "media arriving");
  }
  return std::nullopt;
}

std::optional<StateChange> LinkHealth::on_tick(Clock::time_point now) {
  if (state_ == CallState::connected && last_media_ && now - *last_media_ > silence_timeout_) {
    return move_to(CallState::lost, "no media for " + std::to_string(silence_timeout_.count()) + " ms");
  }
  return std::nullopt;
}

std::optional<StateChange> LinkHealth::on_failure(std::string reason) {
  return move_to(CallState::failed, std::move(reason));
}

std::optional<StateChange> LinkHealth::on_close(std::string reason) {
  return move_to(CallState::closed, std::move(reason));
}

}  // namespace votercast::media::call
