#include "media/pipeline/blend_stats.hpp"

#include <algorithm>

namespace votercast::media::pipeline {

namespace {
constexpr auto kWindow = std::chrono::seconds(1);
}

void BlendStats::record(Clock::time_point when, Clock::duration took) {
  std::lock_guard lock(mutex_);
  samples_.push_back({when, took});
  while (!samples_.empty() && when - samples_.front().when > kWindow) samples_.pop_front();
}

BlendStats::Summary BlendStats::last_second(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  Summary summary;
  int count = 0;
  Clock::duration total{};
  Clock::duration longest{};
  for (const Sample& sample : samples_) {
    if (now - sample.when > kWindow) continue;
    ++count;
    total += sample.took;
    longest = std::max(longest, sample.took);
  }
  if (count > 0) {
    using Ms = std::chrono::duration<double, std::milli>;
    summary.avg_ms = Ms(total).count() / count;
    summary.max_ms = Ms(longest).count();
  }
  return summary;
}

}  // namespace votercast::media::pipeline
