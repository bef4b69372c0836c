#pragma once
// A CallerLink and a TestCaller signalling to each other in-process, as the web layer
// will carry it between the server and the browser. Records every state the link reports.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "media/call/caller_link.hpp"
#include "test_caller.hpp"

namespace votercast::media::call::test {

struct ReportedState {
  CallState state;
  std::string reason;
  std::chrono::steady_clock::time_point at;
};

// Loopback settings for the server side.
CallerLinkSettings loopback_settings(const std::string& name);

class CallPair {
 public:
  CallPair(CallerLinkSettings link_settings, TestCallerSettings caller_settings);
  ~CallPair();

  CallerLink& link() { return *link_; }
  TestCaller& caller() { return *caller_; }
  // Starts the caller (its offer goes to the link).
  void start() { caller_->start(); }

  // Waits (polling) until the link reported state (at since or later); false on timeout.
  bool wait_for_state(CallState state, std::chrono::milliseconds timeout,
                      std::chrono::steady_clock::time_point since = {});
  // When the link first reported state (after since), if it did.
  std::optional<std::chrono::steady_clock::time_point> reported_at(CallState state,
                                                                   std::chrono::steady_clock::time_point since) const;
  std::vector<ReportedState> states() const;
  std::string describe_states() const;

 private:
  mutable std::mutex mutex_;
  std::vector<ReportedState> states_;
  std::unique_ptr<CallerLink> link_;
  std::unique_ptr<TestCaller> caller_;
};

}  // namespace votercast::media::call::test
