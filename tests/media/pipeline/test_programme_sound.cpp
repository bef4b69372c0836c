// A sound insert (a video caller's voice, issue 15) is mixed into the programme's sound
// after the input's, is handed the programme without itself, and the programme's level
// (health) shows it. The test input sounds a 1 kHz line-up tone at -20 dBFS.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <numbers>
#include <thread>
#include <vector>

#include "programme_fixture.hpp"

namespace votercast::media::test {
namespace {

using namespace std::chrono_literals;

// Power of `hz` in the left channel of interleaved stereo at 48 kHz (Goertzel), 1.0 for a
// full-scale sine.
double tone_power(const std::vector<std::int16_t>& stereo, double hz) {
  const double coefficient = 2 * std::cos(2 * std::numbers::pi * hz / 48000.0);
  double previous = 0, before = 0;
  for (std::size_t i = 0; i < stereo.size(); i += 2) {
    const double current = stereo[i] / 32768.0 + coefficient * previous - before;
    before = previous;
    previous = current;
  }
  const double n = static_cast<double>(stereo.size() / 2);
  return 4 * (previous * previous + before * before - coefficient * previous * before) / (n * n);
}

// Adds 400 Hz at half scale and keeps the last second of what it was handed and of what
// it left.
struct RecordingInsert {
  std::mutex mutex;
  std::vector<std::int16_t> handed, left;
  std::atomic<int> calls = 0;
  double phase = 0;  // the streaming thread's

  void operator()(std::span<std::int16_t> programme) {
    std::lock_guard lock(mutex);
    handed.insert(handed.end(), programme.begin(), programme.end());
    for (std::size_t i = 0; i + 1 < programme.size(); i += 2) {
      const auto tone = static_cast<std::int16_t>(16384 * std::sin(phase));
      phase = std::fmod(phase + 2 * std::numbers::pi * 400 / 48000, 2 * std::numbers::pi);
      mix_saturating(programme.subspan(i, 2), std::vector<std::int16_t>{tone, tone});
    }
    left.insert(left.end(), programme.begin(), programme.end());
    constexpr std::size_t kSecond = 48000 * 2;
    if (handed.size() > kSecond) handed.erase(handed.begin(), handed.end() - kSecond);
    if (left.size() > kSecond) left.erase(left.begin(), left.end() - kSecond);
    ++calls;
  }
};

TEST(ProgrammeSound, AnInsertIsMixedInAfterTheInputAndMetered) {
  Programme programme(small_programme());
  programme.start();
  ASSERT_TRUE(wait_until([&] { return programme.health().audio_rms_db > -30; }, 10s)) << "the line-up tone";
  const auto tone_only = programme.health();
  EXPECT_NEAR(tone_only.audio_rms_db, -23.0, 1.5) << "a sine peaking at -20 dBFS";
  EXPECT_NEAR(tone_only.audio_peak_db, -20.0, 1.0);

  auto insert = std::make_shared<RecordingInsert>();
  programme.set_sound_insert([insert](std::span<std::int16_t> p) { (*insert)(p); });
  ASSERT_TRUE(wait_until([&] { return insert->calls >= 75; }, 10s)) << "50 buffers a second";
  const auto mixed = programme.health();
  EXPECT_GT(mixed.audio_rms_db, -10.0) << "the insert's half-scale 400 Hz (-9 dBFS RMS) is on air";
  {
    std::lock_guard lock(insert->mutex);
    // What it was handed is the programme without it: the input's tone alone.
    EXPECT_GT(tone_power(insert->handed, 1000), 0.005);
    EXPECT_LT(tone_power(insert->handed, 400), 1e-5);
    EXPECT_GT(tone_power(insert->left, 400), 0.2);
    EXPECT_GT(tone_power(insert->left, 1000), 0.005);
  }

  programme.set_sound_insert({});
  const int calls = insert->calls;
  ASSERT_TRUE(wait_until([&] { return programme.health().audio_rms_db < -20; }, 5s)) << "the insert is gone";
  EXPECT_LE(insert->calls, calls + 1) << "no longer called";
  programme.stop();
}

}  // namespace
}  // namespace votercast::media::test
