#pragma once
// At most N messages per sender in any M minutes (a sliding window), so that one phone cannot
// flood the live queue; the HTTP layer answers the excess politely instead of storing it.
// Pure logic: the clock is injected.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace votercast::core::sms {

class SmsRateLimiter {
 public:
  using Clock = std::function<std::int64_t()>;  // Unix milliseconds

  struct Limit {
    std::size_t messages = 5;
    std::chrono::milliseconds window = std::chrono::minutes(10);
  };

  struct Decision {
    bool allowed = true;
    std::int64_t retry_after_ms = 0;  // when refused: until the oldest counted message leaves the window
  };

  // A limit of 0 messages or a window of 0 is DomainError(invalid_input, "rate_limit_invalid").
  explicit SmsRateLimiter(Limit limit, Clock clock = core::now_ms);

  // Counts the message when it is allowed; a refused one does not count, so a sender who keeps
  // trying is let in again as soon as the window has room.
  Decision admit(const std::string& sender);

  std::size_t tracked_senders() const;

 private:
  void forget_idle(std::int64_t now);

  Limit limit_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::int64_t>> sent_;  // sender -> times counted, oldest first
  std::size_t admits_since_sweep_ = 0;
};

}  // namespace votercast::core::sms
