#include "call_pair.hpp"

#include <thread>

namespace votercast::media::call::test {

CallerLinkSettings loopback_settings(const std::string& name) {
  CallerLinkSettings settings;
  settings.name = name;
  settings.local_addresses = {"127.0.0.1"};
  return settings;
}

CallPair::CallPair(CallerLinkSettings link_settings, TestCallerSettings caller_settings) {
  CallerLink::Callbacks callbacks;
  // The link's callbacks run on its own thread; the caller's on its webrtcbin thread.
  callbacks.on_local_description = [this](const std::string&, const std::string& sdp) { caller_->set_answer(sdp); };
  callbacks.on_ice_candidate = [this](unsigned mline, const std::string& candidate) {
    caller_->add_ice_candidate(mline, candidate);
  };
  callbacks.on_state = [this](CallState state, const std::string& reason) {
    std::lock_guard lock(mutex_);
    states_.push_back({state, reason, std::chrono::steady_clock::now()});
  };
  link_ = std::make_unique<CallerLink>(std::move(link_settings), std::move(callbacks));
  TestCaller::Signals signals;
  signals.on_offer = [this](const std::string& offer) { link_->accept_offer(offer); };
  signals.on_ice_candidate = [this](unsigned mline, const std::string& candidate) {
    link_->add_ice_candidate(mline, candidate);
  };
  caller_ = std::make_unique<TestCaller>(caller_settings, std::move(signals));
}

CallPair::~CallPair() {
  // The caller calls into the link: it stops first, then the link, then the caller goes.
  caller_->stop();
  link_.reset();
  caller_.reset();
}

bool CallPair::wait_for_state(CallState state, std::chrono::milliseconds timeout,
                              std::chrono::steady_clock::time_point since) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (reported_at(state, since)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return reported_at(state, since).has_value();
}

std::optional<std::chrono::steady_clock::time_point> CallPair::reported_at(
    CallState state, std::chrono::steady_clock::time_point since) const {
  std::lock_guard lock(mutex_);
  for (const ReportedState& reported : states_) {
    if (reported.state == state && reported.at >= since) return reported.at;
  }
  return std::nullopt;
}

std::vector<ReportedState> CallPair::states() const {
  std::lock_guard lock(mutex_);
  return states_;
}

std::string CallPair::describe_states() const {
  std::string text;
  for (const ReportedState& reported : states()) {
    text += std::string(to_string(reported.state)) + " (" + reported.reason + "); ";
  }
  return text.empty() ? "no state reported" : text;
}

}  // namespace votercast::media::call::test
