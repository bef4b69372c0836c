#pragma once
// A ScreenerLink and a TestConsole signalling to each other in-process, as the web layer
// will carry it between the server and the screener's browser. Records every state the
// link reports, and the order in which its offer and candidates came.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "media/call/screener_link.hpp"
#include "state_log.hpp"
#include "test_console.hpp"

namespace votercast::media::call::test {

// Loopback settings for the server side.
ScreenerLinkSettings loopback_screener(const std::string& name);

class ScreeningPair {
 public:
  // The link starts at once: its offer goes to the console, whose answer comes back.
  // With answer = false the offer is only kept (offer()), for a test to answer itself.
  ScreeningPair(ScreenerLinkSettings link_settings, TestConsoleSettings console_settings, bool answer = true);
  ~ScreeningPair();

  ScreenerLink& link() { return *link_; }
  TestConsole& console() { return *console_; }

  // The offer, once the link gave it.
  std::optional<std::string> offer() const;
  bool wait_for_offer(std::chrono::milliseconds timeout) const;
  // What the link's description and candidate callbacks brought, in order: "offer",
  // "candidate", "end-of-candidates".
  std::vector<std::string> signals() const;

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
  mutable std::mutex mutex_;
  std::optional<std::string> offer_;
  std::vector<std::string> signals_;
  StateLog states_;
  std::unique_ptr<TestConsole> console_;
  std::unique_ptr<ScreenerLink> link_;
};

}  // namespace votercast::media::call::test
