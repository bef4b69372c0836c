#pragma once
// Peak and RMS of the caller's sound over the last few packets, for the screener's meter
// and the tests. Plain arithmetic; the owner locks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace votercast::media::call {

struct AudioLevel {
  // dBFS; -100 for silence (and before any sound).
  double peak_db = -100.0;
  double rms_db = -100.0;
};

class AudioLevelMeter {
 public:
  // Adds one buffer of interleaved S16 samples (a 20 ms Opus packet, decoded).
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

}  // namespace votercast::media::call
