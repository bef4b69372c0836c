#include "core/sms/rate_limiter.hpp"

#include "core/sms/gateway_fields.hpp"

namespace votercast::core::sms {
namespace {

// Senders idle for a whole window are dropped every so many calls, so that the map holds the
// recent senders only, however many have written over a long show.
constexpr std::size_t kSweepEvery = 1024;

}  // namespace

SmsRateLimiter::SmsRateLimiter(Limit limit, Clock clock) : limit_(limit), clock_(std::move(clock)) {
  if (limit_.messages == 0 || limit_.window.count() <= 0)
    reject("rate_limit_invalid",
           "Giới hạn tin nhắn phải lớn hơn 0 / the SMS rate limit needs at least one message "
           "in a window longer than zero");
}

SmsRateLimiter::Decision SmsRateLimiter::admit(const std::string& sender) {
  const std::int64_t now = clock_();
  const std::int64_t window = limit_.window.count();
  std::lock_guard lock(mutex_);
  if (++admits_since_sweep_ >= kSweepEvery) forget_idle(now);
  std::deque<std::int64_t>& times = sent_[sender];
  while (!times.empty() && times.front() <= now - window) times.pop_front();
  if (times.size() >= limit_.messages) return {false, times.front() + window - now};
  times.push_back(now);
  return {true, 0};
}

std::size_t SmsRateLimiter::tracked_senders() const {
  std::lock_guard lock(mutex_);
  return sent_.size();
}

void SmsRateLimiter::forget_idle(std::int64_t now) {
  admits_since_sweep_ = 0;
  std::erase_if(sent_, [&](const auto& entry) {
    return entry.second.empty() || entry.second.back() <= now - limit_.window.count();
  });
}

}  // namespace votercast::core::sms
