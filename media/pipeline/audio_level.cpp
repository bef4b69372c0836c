#include "media/pipeline/audio_level.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace votercast::media::pipeline {
namespace {

double to_db(double amplitude) {
  // Full scale is 32768; below -100 dBFS is silence for any purpose of ours.
  return amplitude <= 0 ? -100.0 : std::max(-100.0, 20.0 * std::log10(amplitude / 32768.0));
}

}  // namespace

void AudioLevelMeter::add(std::span<const std::int16_t> samples) {
  Block block;
  for (const std::int16_t sample : samples) {
    block.peak = std::max(block.peak, std::abs(static_cast<std::int32_t>(sample)));
    block.sum_squares += static_cast<double>(sample) * sample;
  }
  block.samples = samples.size();
  blocks_[next_] = block;
  next_ = (next_ + 1) % kWindow;
}

AudioLevel AudioLevelMeter::level() const {
  std::int32_t peak = 0;
  double sum_squares = 0;
  std::size_t samples = 0;
  for (const Block& block : blocks_) {
    peak = std::max(peak, block.peak);
    sum_squares += block.sum_squares;
    samples += block.samples;
  }
  if (samples == 0) return {};
  return {to_db(peak), to_db(std::sqrt(sum_squares / static_cast<double>(samples)))};
}

}  // namespace votercast::media::pipeline
