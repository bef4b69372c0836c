#pragma once
// Peak and RMS of a sound over its last few buffers: a caller's for the screener, the
// programme's for the control room, both for the tests. Plain arithmetic; the owner locks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace votercast::media::pipeline {

struct AudioLevel {
  // dBFS; -100 for silence (and before any sound).
  double peak_db = -100.0;
  double rms_db = -100.0;
};

class AudioLevelMeter {
 public:
  // Adds one buffer of interleaved S16 samples (a 20 ms Opus packet, or programme buffer).
  void add(std::span<const std::int16_t> samples);
  // Over the last kWindow buffers (about 100 ms).
  AudioLevel level() const;

 private:
  static constexpr std::size_t kWindow = 5;
  struct Block {
    std::int32_t peak = 0;
    double sum_squares = 0;
    std::size_t samples = 0;
  };
  std::array<Block, kWindow> blocks_{};
  std::size_t next_ = 0;
};

}  // namespace votercast::media::pipeline
