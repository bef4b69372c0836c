#pragma once
// One SMS votercast sends a voter on its own initiative (not as the reply to their message),
// as the outbox keeps it: written once, in the same store as the change that calls for it,
// then sent by the outbox's sender until the gateway takes it or it is given up.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core::sms {

// cancelled: never to be sent (its number was erased on request, or dropped with its show's).
enum class OutboxState { pending, sent, failed, cancelled };

std::string_view to_string(OutboxState state);
std::optional<OutboxState> parse_outbox_state(std::string_view name);

// Why an SMS is sent; one of each per question at most.
namespace outbox_purpose {
inline constexpr std::string_view answered = "answered";    // the voter's question has its answer
inline constexpr std::string_view call_link = "call_link";  // a caller's video call link
}  // namespace outbox_purpose

struct OutboxMessage {
  std::int64_t id = 0;
  std::int64_t question_id = 0;            // 0 for a call link's
  std::optional<std::int64_t> call_link_id;  // set for a call link's
  std::string purpose;
  std::string gateway;  // gateway::*: the one the voter wrote through
  std::string to;       // E.164
  std::string text;     // one SMS
  OutboxState state = OutboxState::pending;
  int attempts = 0;
  std::int64_t next_attempt_at_ms = 0;
  std::string last_error;
  std::string gateway_message_id;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> sent_at_ms;
};

}  // namespace votercast::core::sms
