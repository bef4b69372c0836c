#pragma once
// What an attempt to send an outbox SMS leaves behind: sent, another try later (waiting
// twice as long each time), or given up.
#include <cstdint>

#include "core/sms/outbound_gateways.hpp"
#include "core/sms/outbound_message.hpp"

namespace votercast::core::sms {

struct RetryPolicy {
  std::int64_t first_delay_ms = 30'000;  // after the first failed attempt; doubled after each next one
  int max_attempts = 8;                  // then failed for good
};

inline constexpr std::int64_t kMaxRetryDelayMs = 60 * 60 * 1000;  // an hour: the answer is still news

// How long to wait after `failed_attempts` attempts (1, 2, …) have failed: first_delay_ms,
// then doubled each time, at most kMaxRetryDelayMs.
std::int64_t retry_delay_ms(const RetryPolicy& policy, int failed_attempts);

struct AttemptRecord {
  OutboxState state = OutboxState::pending;
  int attempts = 0;  // including this one
  std::int64_t next_attempt_at_ms = 0;
  std::string last_error;
  std::string gateway_message_id;
  std::optional<std::int64_t> sent_at_ms;
};

// The message after one attempt at `now_ms` that the gateway answered with `answer`.
AttemptRecord after_attempt(const OutboxMessage& message, const SendAnswer& answer, const RetryPolicy& policy,
                            std::int64_t now_ms);

}  // namespace votercast::core::sms
