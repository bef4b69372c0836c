// The caller's voice reaches the studio, and the studio's return feed reaches the caller.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <numbers>
#include <thread>

#include "call_pair.hpp"
#include "signal_checks.hpp"

namespace votercast::media::call::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kRate = 48000;
constexpr std::size_t kChunkFrames = kRate / 50;  // 20 ms, as the programme's audio clock

TEST(CallerAudio, TheCallersToneIsInThePulledAudio) {
  CallPair call(loopback_settings("voice"), {.tone_hz = 1000.0});
  call.start();
  ASSERT_TRUE(call.wait_for_state(CallState::connected, 20s)) << call.describe_states() << call.caller().error();

  // A second and a half as the programme would take it; the last second counts (the first
  // chunks may be silence while the FIFO primes).
  const std::vector<std::int16_t> pulled = pull_paced(call.link(), 1500ms);
  const auto left = std::span(pulled).last(kRate);
  EXPECT_GT(rms_dbfs(left), -30.0) << "the caller's tone is -13.5 dBFS";
  const double tone = tone_power(left, kRate, 1000);
  EXPECT_GT(tone, 50 * tone_power(left, kRate, 440)) << "1 kHz stands out";
  EXPECT_GT(tone, 50 * tone_power(left, kRate, 1500));

  const CallerStats stats = call.link().stats();
  EXPECT_GT(stats.audio_level.rms_db, -30.0);
  EXPECT_GT(stats.audio_level.peak_db, stats.audio_level.rms_db);
  EXPECT_GT(stats.audio_frames_received, static_cast<std::uint64_t>(kRate));
}

TEST(CallerAudio, ReturnAudioReachesTheCaller) {
  CallPair call(loopback_settings("return"), {.tone_hz = 1000.0});
  call.start();
  ASSERT_TRUE(call.wait_for_state(CallState::connected, 20s)) << call.describe_states() << call.caller().error();

  // The studio sends 440 Hz, 20 ms at a time, in real time, until the caller has enough.
  std::atomic<bool> sending = true;
  std::thread studio([&] {
    std::vector<std::int16_t> chunk(kChunkFrames * 2);
    std::uint64_t sample = 0;
    auto next = Clock::now();
    while (sending) {
      for (std::size_t i = 0; i < kChunkFrames; ++i, ++sample) {
        const double phase = 2 * std::numbers::pi * 440.0 * static_cast<double>(sample) / kRate;
        chunk[2 * i] = chunk[2 * i + 1] = static_cast<std::int16_t>(0.3 * 32767 * std::sin(phase));
      }
      call.link().push_return_audio(chunk.data(), kChunkFrames);
      next += 20ms;
      std::this_thread::sleep_until(next);
    }
  });
  std::vector<std::int16_t> received;
  const auto deadline = Clock::now() + 20s;
  while (Clock::now() < deadline) {
    received = call.caller().received_audio();
    if (received.size() >= static_cast<std::size_t>(kRate)) break;
    std::this_thread::sleep_for(50ms);
  }
  sending = false;
  studio.join();

  ASSERT_GE(received.size(), static_cast<std::size_t>(kRate)) << "the caller got too little return audio; "
                                                              << call.caller().error();
  const auto last = std::span(received).last(kRate / 2);
  EXPECT_GT(rms_dbfs(last), -30.0);
  const double tone = tone_power(last, kRate, 440);
  EXPECT_GT(tone, 50 * tone_power(last, kRate, 1000)) << "the studio's 440 Hz, not the caller's own 1 kHz";
  EXPECT_GT(call.link().stats().return_audio_frames_sent, 0u);
}

}  // namespace
}  // namespace votercast::media::call::test
