#include "call_pair.hpp"

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
  callbacks.on_state = [this](CallState state, const std::string& reason) { states_.record(state, reason); };
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

}  // namespace votercast::media::call::test
