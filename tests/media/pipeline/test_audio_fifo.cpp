// The audio jitter buffer keeps its delay near one frame whatever the input does.
#include <gtest/gtest.h>

#include <vector>

#include "media/pipeline/audio_fifo.hpp"

namespace votercast::media::pipeline {
namespace {

std::vector<std::int16_t> ramp(std::size_t frames, std::int16_t first) {
  std::vector<std::int16_t> samples;
  for (std::size_t i = 0; i < frames; ++i) {
    samples.push_back(static_cast<std::int16_t>(first + i));
    samples.push_back(static_cast<std::int16_t>(first + i));
  }
  return samples;
}

TEST(AudioFifo, SilenceUntilPrimedThenSamplesInOrder) {
  AudioFifo fifo(2, 100, 400);
  std::vector<std::int16_t> out(2 * 50, 7);
  fifo.push(ramp(60, 1));
  fifo.pull(out);
  EXPECT_EQ(out.front(), 0) << "not primed yet";
  fifo.push(ramp(60, 61));
  fifo.pull(out);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[98], 50);
  fifo.pull(out);
  EXPECT_EQ(out[0], 51);
}

TEST(AudioFifo, UnderrunPadsWithSilenceAndPrimesAgain) {
  AudioFifo fifo(2, 10, 40);
  fifo.push(ramp(15, 1));
  std::vector<std::int16_t> out(2 * 20);
  fifo.pull(out);
  EXPECT_EQ(out[28], 15);
  EXPECT_EQ(out[30], 0);
  EXPECT_EQ(fifo.underruns(), 1u);
  fifo.push(ramp(5, 100));
  fifo.pull(out);
  EXPECT_EQ(out[0], 0) << "waits for a full jitter buffer again";
}

TEST(AudioFifo, OverrunCutsBackToTheTarget) {
  AudioFifo fifo(2, 10, 40);
  fifo.push(ramp(50, 1));  // 50 > 40: keep the newest 10
  EXPECT_EQ(fifo.overruns(), 1u);
  std::vector<std::int16_t> out(2 * 10);
  fifo.pull(out);
  EXPECT_EQ(out[0], 41);
  EXPECT_EQ(out[18], 50);
}

}  // namespace
}  // namespace votercast::media::pipeline
