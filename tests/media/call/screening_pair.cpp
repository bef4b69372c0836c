#include "screening_pair.hpp"

#include <thread>

namespace votercast::media::call::test {

ScreenerLinkSettings loopback_screener(const std::string& name) {
  ScreenerLinkSettings settings;
  settings.name = name;
  settings.local_addresses = {"127.0.0.1"};
  return settings;
}

ScreeningPair::ScreeningPair(ScreenerLinkSettings link_settings, TestConsoleSettings console_settings,
                             bool answer) {
  TestConsole::Signals signals;
  signals.on_answer = [this](const std::string& sdp) { link_->accept_answer(sdp); };
  signals.on_ice_candidate = [this](unsigned mline, const std::string& candidate) {
    link_->add_ice_candidate(mline, candidate);
  };
  console_ = std::make_unique<TestConsole>(console_settings, std::move(signals));
  ScreenerLink::Callbacks callbacks;
  // The link's callbacks run on its own thread; the console's on its webrtcbin thread.
  callbacks.on_local_description = [this, answer](const std::string&, const std::string& sdp) {
    {
      std::lock_guard lock(mutex_);
      offer_ = sdp;
      signals_.push_back("offer");
    }
    if (answer) console_->set_offer(sdp);
  };
  callbacks.on_ice_candidate = [this, answer](unsigned mline, const std::string& candidate) {
    {
      std::lock_guard lock(mutex_);
      signals_.push_back(candidate.empty() ? "end-of-candidates" : "candidate");
    }
    if (answer) console_->add_ice_candidate(mline, candidate);
  };
  callbacks.on_state = [this](CallState state, const std::string& reason) { states_.record(state, reason); };
  // The offer may come before link_ is assigned: its callback waits on the lock.
  std::lock_guard lock(mutex_);
  link_ = std::make_unique<ScreenerLink>(std::move(link_settings), std::move(callbacks));
}

ScreeningPair::~ScreeningPair() {
  // The console calls into the link: it stops first, then the link, then the console goes.
  console_->stop();
  link_.reset();
  console_.reset();
}

std::optional<std::string> ScreeningPair::offer() const {
  std::lock_guard lock(mutex_);
  return offer_;
}

bool ScreeningPair::wait_for_offer(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!offer() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return offer().has_value();
}

std::vector<std::string> ScreeningPair::signals() const {
  std::lock_guard lock(mutex_);
  return signals_;
}

}  // namespace votercast::media::call::test
