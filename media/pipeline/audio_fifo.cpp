#include "media/pipeline/audio_fifo.hpp"

#include <algorithm>

namespace votercast::media::pipeline {

AudioFifo::AudioFifo(int channels, std::size_t prime_frames, std::size_t max_frames)
    : channels_(channels),
      prime_frames_(prime_frames),
      max_frames_(max_frames),
      ring_(4 * max_frames * static_cast<std::size_t>(channels)) {}

std::size_t AudioFifo::level_frames() const { return size_ / static_cast<std::size_t>(channels_); }

void AudioFifo::push(std::span<const std::int16_t> interleaved) {
  std::lock_guard lock(mutex_);
  const std::size_t capacity = ring_.size();
  // Keep only what fits: an overrun drops the oldest samples.
  if (interleaved.size() > capacity) interleaved = interleaved.last(capacity);
  const std::size_t overflow = size_ + interleaved.size() > capacity ? size_ + interleaved.size() - capacity : 0;
  begin_ = (begin_ + overflow) % capacity;
  size_ -= overflow;
  std::size_t write = (begin_ + size_) % capacity;
  for (const std::int16_t sample : interleaved) {
    ring_[write] = sample;
    write = write + 1 == capacity ? 0 : write + 1;
  }
  size_ += interleaved.size();
  if (level_frames() > max_frames_) {
    // The input runs ahead of the house clock: cut back to the jitter target so the
    // delay (and with it lip sync) does not creep.
    const std::size_t excess = (level_frames() - prime_frames_) * static_cast<std::size_t>(channels_);
    begin_ = (begin_ + excess) % capacity;
    size_ -= excess;
    ++overruns_;
  }
  if (!primed_ && level_frames() >= prime_frames_) primed_ = true;
}

void AudioFifo::pull(std::span<std::int16_t> out) {
  std::lock_guard lock(mutex_);
  std::size_t taken = 0;
  if (primed_) {
    taken = std::min(out.size(), size_);
    const std::size_t capacity = ring_.size();
    for (std::size_t i = 0; i < taken; ++i) out[i] = ring_[(begin_ + i) % capacity];
    begin_ = (begin_ + taken) % capacity;
    size_ -= taken;
    if (taken < out.size()) {
      // Ran dry: wait for a full jitter buffer again instead of stuttering sample by sample.
      primed_ = false;
      ++underruns_;
    }
  }
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(taken), out.end(), std::int16_t{0});
}

void AudioFifo::flush() {
  std::lock_guard lock(mutex_);
  begin_ = 0;
  size_ = 0;
  primed_ = false;
}

std::uint64_t AudioFifo::underruns() const {
  std::lock_guard lock(mutex_);
  return underruns_;
}

std::uint64_t AudioFifo::overruns() const {
  std::lock_guard lock(mutex_);
  return overruns_;
}

}  // namespace votercast::media::pipeline
