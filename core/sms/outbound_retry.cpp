#include "core/sms/outbound_retry.hpp"

#include <algorithm>

namespace votercast::core::sms {

std::int64_t retry_delay_ms(const RetryPolicy& policy, int failed_attempts) {
  std::int64_t delay = std::max<std::int64_t>(policy.first_delay_ms, 0);
  for (int i = 1; i < failed_attempts && delay < kMaxRetryDelayMs; ++i) delay *= 2;
  return std::min(delay, kMaxRetryDelayMs);
}

AttemptRecord after_attempt(const OutboxMessage& message, const SendAnswer& answer, const RetryPolicy& policy,
                            std::int64_t now_ms) {
  AttemptRecord r;
  r.attempts = message.attempts + 1;
  r.next_attempt_at_ms = message.next_attempt_at_ms;
  switch (answer.verdict) {
    case SendVerdict::sent:
      r.state = OutboxState::sent;
      r.gateway_message_id = answer.message_id;
      r.sent_at_ms = now_ms;
      r.last_error = message.last_error;  // what the earlier attempts met, still worth seeing
      break;
    case SendVerdict::failed:
      r.state = OutboxState::failed;
      r.last_error = answer.error;
      break;
    case SendVerdict::retry:
      r.last_error = answer.error;
      if (r.attempts >= policy.max_attempts) {
        r.state = OutboxState::failed;
        r.last_error = "gave up after " + std::to_string(r.attempts) + " attempts; last: " + answer.error;
      } else {
        r.state = OutboxState::pending;
        r.next_attempt_at_ms = now_ms + retry_delay_ms(policy, r.attempts);
      }
      break;
  }
  return r;
}

}  // namespace votercast::core::sms
