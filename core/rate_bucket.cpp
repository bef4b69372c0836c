#include "core/rate_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace votercast::core {

RateBuckets::RateBuckets(double burst, double per_second, Clock clock)
    : burst_(burst), per_ms_(per_second / 1000.0), clock_(std::move(clock)) {}

std::int64_t RateBuckets::take(const std::string& key) {
  const auto now = clock_();
  if (++since_sweep_ >= 10000) forget_full(now);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  auto& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + static_cast<double>(now - b.at_ms) * per_ms_);
    b.at_ms = now;
  }
  if (b.tokens < 1.0) return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil((1.0 - b.tokens) / per_ms_)));
  b.tokens -= 1.0;
  return 0;
}

// A bucket that has refilled is the same as no bucket: forget it.
void RateBuckets::forget_full(std::int64_t now) {
  since_sweep_ = 0;
  std::erase_if(buckets_, [&](const auto& entry) {
    return entry.second.tokens + static_cast<double>(now - entry.second.at_ms) * per_ms_ >= burst_;
  });
}

}  // namespace votercast::core
