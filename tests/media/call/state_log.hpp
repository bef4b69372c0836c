#pragma once
// The states a link reported to its on_state callback, with when: what the call tests
// wait for (polling, with a timeout) and print when a wait fails.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "media/call/call_state.hpp"

namespace votercast::media::call::test {

struct ReportedState {
  CallState state;
  std::string reason;
  std::chrono::steady_clock::time_point at;
};

class StateLog {
 public:
  // From the link's callback thread.
  void record(CallState state, const std::string& reason);
  // Waits (polling) until state was reported (at since or later); false on timeout.
  bool wait_for(CallState state, std::chrono::milliseconds timeout, std::chrono::steady_clock::time_point since = {});
  // When state was first reported (at since or later), if it was.
  std::optional<std::chrono::steady_clock::time_point> reported_at(CallState state,
                                                                   std::chrono::steady_clock::time_point since) const;
  std::vector<ReportedState> states() const;
  std::string describe() const;

 private:
  mutable std::mutex mutex_;
  std::vector<ReportedState> states_;
};

}  // namespace votercast::media::call::test
