// The level meter of a caller's and the programme's sound, in dBFS over the last few buffers.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "media/pipeline/audio_level.hpp"

namespace votercast::media::pipeline {
namespace {

std::vector<std::int16_t> sine(double amplitude, std::size_t samples) {
  std::vector<std::int16_t> out(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    out[i] = static_cast<std::int16_t>(amplitude * 32767 * std::sin(2 * std::numbers::pi * 1000.0 * i / 48000.0));
  }
  return out;
}

TEST(AudioLevelMeter, SilenceBeforeAnySound) {
  AudioLevelMeter meter;
  EXPECT_EQ(meter.level().peak_db, -100.0);
  meter.add(std::vector<std::int16_t>(960));
  EXPECT_EQ(meter.level().rms_db, -100.0);
}

TEST(AudioLevelMeter, ASineAtHalfScale) {
  AudioLevelMeter meter;
  meter.add(sine(0.5, 1920));
  EXPECT_NEAR(meter.level().peak_db, -6.0, 0.1);
  EXPECT_NEAR(meter.level().rms_db, -9.0, 0.1);  // a sine's RMS is 3 dB under its peak
}

TEST(AudioLevelMeter, ForgetsOldSoundAfterFivePackets) {
  AudioLevelMeter meter;
  meter.add(sine(0.9, 960));
  for (int i = 0; i < 4; ++i) meter.add(std::vector<std::int16_t>(960));
  EXPECT_GT(meter.level().peak_db, -1.0);
  meter.add(std::vector<std::int16_t>(960));
  EXPECT_EQ(meter.level().peak_db, -100.0);
}

}  // namespace
}  // namespace votercast::media::pipeline
