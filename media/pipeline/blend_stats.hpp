#pragma once
// How long the graphics took per programme frame over the last second.
#include <chrono>
#include <deque>
#include <mutex>

namespace votercast::media::pipeline {

class BlendStats {
 public:
  using Clock = std::chrono::steady_clock;

  void record(Clock::time_point when, Clock::duration took);

  struct Summary {
    double avg_ms = 0;
    double max_ms = 0;
  };
  Summary last_second(Clock::time_point now) const;

 private:
  struct Sample {
    Clock::time_point when;
    Clock::duration took;
  };
  mutable std::mutex mutex_;
  std::deque<Sample> samples_;  // the last second's, oldest first
};

}  // namespace votercast::media::pipeline
