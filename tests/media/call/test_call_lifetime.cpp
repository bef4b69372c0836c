// Ending a call: close() keeps the last picture and stops the rest; a link can go at any
// moment of the negotiation without hanging or calling back afterwards.
#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "call_pair.hpp"

namespace votercast::media::call::test {
namespace {

using namespace std::chrono_literals;

TEST(CallLifetime, CloseReportsClosedAndKeepsTheLastPicture) {
  CallPair call(loopback_settings("close"), {});
  call.start();
  ASSERT_TRUE(call.wait_for_state(CallState::connected, 20s)) << call.describe_states() << call.caller().error();
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!call.link().latest_frame() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  ASSERT_NE(call.link().latest_frame(), nullptr);

  call.link().close();
  EXPECT_EQ(call.link().state(), CallState::closed);
  ASSERT_TRUE(call.wait_for_state(CallState::closed, 5s)) << call.describe_states();
  const auto last = call.link().latest_frame();
  ASSERT_NE(last, nullptr);
  // Everything else is now a no-op or refused, and the state stays closed.
  const std::vector<std::int16_t> silence(960 * 2);
  call.link().push_return_audio(silence.data(), 960);
  call.link().add_ice_candidate(0, "candidate:1 1 UDP 2122252543 127.0.0.1 40000 typ host");
  EXPECT_THROW(call.link().accept_offer("v=0\r\nm=audio 9 RTP/AVP 111\r\na=rtpmap:111 OPUS/48000/2\r\n"),
               std::logic_error);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(call.link().latest_frame()->number, last->number);
  EXPECT_EQ(call.link().state(), CallState::closed);
  call.link().close();  // twice is fine
}

TEST(CallLifetime, ALinkGoesAtAnyMomentOfTheNegotiation) {
  // Destroyed 0, 50, 150 and 400 ms into the call: before the offer, while webrtcbin
  // answers, while ICE checks, once media flows.
  for (const auto after : {0ms, 50ms, 150ms, 400ms}) {
    CallPair call(loopback_settings("brief"), {.width = 320, .height = 240, .fps = 15});
    call.start();
    std::this_thread::sleep_for(after);
  }
}

}  // namespace
}  // namespace votercast::media::call::test
