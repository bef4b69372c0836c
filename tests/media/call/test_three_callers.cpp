// Two callers in screening and one on air: three links at once, each with its own caller.
#include <gtest/gtest.h>

#include <thread>

#include "call_pair.hpp"
#include "signal_checks.hpp"

namespace votercast::media::call::test {
namespace {

using namespace std::chrono_literals;

TEST(ThreeCallers, EachLinkCarriesItsOwnCaller) {
  // Small pictures: this is about three connections at once, not about decoding cost.
  const double tones[] = {600.0, 1000.0, 1500.0};
  std::vector<std::unique_ptr<CallPair>> calls;
  for (int i = 0; i < 3; ++i) {
    CallerLinkSettings settings = loopback_settings("caller" + std::to_string(i));
    settings.frame_width = 640;
    settings.frame_height = 360;
    calls.push_back(std::make_unique<CallPair>(
        settings, TestCallerSettings{.width = 320, .height = 240, .fps = 15, .tone_hz = tones[i]}));
  }
  for (auto& call : calls) call->start();
  for (auto& call : calls) {
    ASSERT_TRUE(call->wait_for_state(CallState::connected, 30s)) << call->describe_states() << call->caller().error();
  }
  for (std::size_t i = 0; i < calls.size(); ++i) {
    CallerLink& link = calls[i]->link();
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (link.stats().frames_received < 10 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    EXPECT_GE(link.stats().frames_received, 10u) << "caller " << i;
    const auto frame = link.latest_frame();
    ASSERT_NE(frame, nullptr);
    EXPECT_EQ(frame->width, 640);

    // Each caller's own tone, in a quarter second of their sound (once it is flowing).
    while (link.stats().audio_level.rms_db < -30.0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    const std::vector<std::int16_t> left = pull_paced(link, 400ms);
    const double own = tone_power(left, 48000, tones[i]);
    for (std::size_t other = 0; other < calls.size(); ++other) {
      if (other == i) continue;
      EXPECT_GT(own, 20 * tone_power(left, 48000, tones[other])) << "caller " << i << " hears caller " << other;
    }
  }
  // Still connected (a starved machine may have had one silent for a moment: then again).
  for (auto& call : calls) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (call->link().state() != CallState::connected && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(call->link().state(), CallState::connected) << call->describe_states();
  }
}

}  // namespace
}  // namespace votercast::media::call::test
