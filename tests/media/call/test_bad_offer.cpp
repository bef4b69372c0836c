// A bad offer is refused with a reason, never a crash or a hang.
#include <gtest/gtest.h>

#include <stdexcept>

#include "call_pair.hpp"

namespace votercast::media::call::test {
namespace {

using namespace std::chrono_literals;

CallerLink::Callbacks recording(std::vector<ReportedState>& states, std::mutex& mutex) {
  CallerLink::Callbacks callbacks;
  callbacks.on_state = [&](CallState state, const std::string& reason) {
    std::lock_guard lock(mutex);
    states.push_back({state, reason, std::chrono::steady_clock::now()});
  };
  return callbacks;
}

TEST(BadOffer, TextThatIsNotUsableSdpIsRefusedAtOnce) {
  CallerLink link(loopback_settings("bad"), {});
  EXPECT_THROW(link.accept_offer(""), std::invalid_argument);
  EXPECT_THROW(link.accept_offer("hello"), std::invalid_argument);
  EXPECT_THROW(link.accept_offer(std::string("\x00\xff\x01v=0", 7)), std::invalid_argument);
  EXPECT_THROW(link.accept_offer("v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"), std::invalid_argument)
      << "no media at all";
  try {
    link.accept_offer(
        "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
        "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:0 PCMU/8000\r\n");
    ADD_FAILURE() << "a PCMU-only offer was taken";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("Opus"), std::string::npos) << error.what();
  }
  // None of that counted as the call's offer, and the link is still usable.
  EXPECT_EQ(link.state(), CallState::connecting);
  EXPECT_EQ(link.latest_frame(), nullptr);
}

TEST(BadOffer, AnOfferWebrtcbinRefusesFailsTheCall) {
  std::vector<ReportedState> states;
  std::mutex mutex;
  CallerLink link(loopback_settings("refused"), recording(states, mutex));
  // SDP with Opus, but no ICE credentials, no DTLS fingerprint: WebRTC cannot use it.
  link.accept_offer(
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 OPUS/48000/2\r\na=sendrecv\r\n"
      "a=mid:0\r\n");
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (link.state() != CallState::failed && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(link.state(), CallState::failed);
  // The reason reaches the callback too (it runs on the link's own thread, a moment later).
  std::string reason;
  while (reason.empty() && std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex);
      if (!states.empty()) reason = states.back().reason;
    }
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(reason.find("refused"), std::string::npos) << reason;
  EXPECT_THROW(link.accept_offer("v=0\r\n"), std::invalid_argument);
  link.push_return_audio(std::vector<std::int16_t>(1920).data(), 960);  // dropped, harmless
}

TEST(BadOffer, ASecondOfferIsRefused) {
  CallPair call(loopback_settings("twice"), {});
  call.start();
  ASSERT_TRUE(call.wait_for_state(CallState::connected, 20s)) << call.describe_states();
  const std::string offer =
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 OPUS/48000/2\r\n";
  EXPECT_THROW(call.link().accept_offer(offer), std::logic_error);
  EXPECT_EQ(call.link().state(), CallState::connected);
}

}  // namespace
}  // namespace votercast::media::call::test
