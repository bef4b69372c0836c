#pragma once
// A CallerLink and a TestCaller signalling to each other in-process, as the web layer
// will carry it between the server and the browser. Records every state the link reports.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/call/caller_link.hpp"
#include "state_log.hpp"
#include "test_caller.hpp"

namespace votercast::media::call::test {

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

  // What the link reported (state_log.hpp).
  bool wait_for_state(CallState state, std::chrono::milliseconds timeout,
                      std::chrono::steady_clock::time_point since = {}) {
    return states_.wait_for(state, timeout, since);
  }
  std::optional<std::chrono::steady_clock::time_point> reported_at(CallState state,
                                                                   std::chrono::steady_clock::time_point since) const {
    return states_.reported_at(state, since);
  }
  std::vector<ReportedState> states() const { return states_.states(); }
  std::string describe_states() const { return states_.describe(); }

 private:
  StateLog states_;
  std::unique_ptr<CallerLink> link_;
  std::unique_ptr<TestCaller> caller_;
};

}  // namespace votercast::media::call::test
