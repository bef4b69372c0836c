#pragma once
// The audio half of the frame synchronizer: input samples wait in a short jitter buffer
// and the house audio clock takes exactly what each programme buffer needs. Underruns
// become silence (and the buffer primes again), overruns drop the oldest samples, so the
// delay stays near one video frame and lip sync holds through input loss and return.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <vector>

namespace votercast::media::pipeline {

class AudioFifo {
 public:
  // Interleaved S16 samples; sizes are in frames (one sample per channel). Output starts
  // once prime_frames are queued; above max_frames the queue is cut back to prime_frames.
  AudioFifo(int channels, std::size_t prime_frames, std::size_t max_frames);

  void push(std::span<const std::int16_t> interleaved);
  // Fills out completely: input samples while primed, silence for the rest.
  void pull(std::span<std::int16_t> out);
  void flush();

  std::uint64_t underruns() const;
  std::uint64_t overruns() const;

 private:
  std::size_t level_frames() const;  // lock held

  const int channels_;
  const std::size_t prime_frames_;
  const std::size_t max_frames_;
  mutable std::mutex mutex_;
  // A ring of interleaved samples: begin_ is the oldest, size_ how many are valid.
  std::vector<std::int16_t> ring_;
  std::size_t begin_ = 0;
  std::size_t size_ = 0;
  bool primed_ = false;
  std::uint64_t underruns_ = 0;
  std::uint64_t overruns_ = 0;
};

}  // namespace votercast::media::pipeline
