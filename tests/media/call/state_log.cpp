#include "state_log.hpp"

#include <thread>

namespace votercast::media::call::test {

void StateLog::record(CallState state, const std::string& reason) {
  std::lock_guard lock(mutex_);
  states_.push_back({state, reason, std::chrono::steady_clock::now()});
}

bool StateLog::wait_for(CallState state, std::chrono::milliseconds timeout,
                        std::chrono::steady_clock::time_point since) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (reported_at(state, since)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return reported_at(state, since).has_value();
}

std::optional<std::chrono::steady_clock::time_point> StateLog::reported_at(
    CallState state, std::chrono::steady_clock::time_point since) const {
  std::lock_guard lock(mutex_);
  for (const ReportedState& reported : states_) {
    if (reported.state == state && reported.at >= since) return reported.at;
  }
  return std::nullopt;
}

std::vector<ReportedState> StateLog::states() const {
  std::lock_guard lock(mutex_);
  return states_;
}

std::string StateLog::describe() const {
  std::string text;
  for (const ReportedState& reported : states()) {
    text += std::string(to_string(reported.state)) + " (" + reported.reason + "); ";
  }
  return text.empty() ? "no state reported" : text;
}

}  // namespace votercast::media::call::test
