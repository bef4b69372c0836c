#include "core/sms/outbound_message.hpp"

namespace votercast::core::sms {

std::string_view to_string(OutboxState state) {
  switch (state) {
    case OutboxState::pending:
      return "pending";
    case OutboxState::sent:
      return "sent";
    case OutboxState::failed:
      return "failed";
    case OutboxState::cancelled:
      return "cancelled";
  }
  return "pending";
}

std::optional<OutboxState> parse_outbox_state(std::string_view name) {
  for (const auto s : {OutboxState::pending, OutboxState::sent, OutboxState::failed, OutboxState::cancelled})
    if (to_string(s) == name) return s;
  return std::nullopt;
}

}  // namespace votercast::core::sms
