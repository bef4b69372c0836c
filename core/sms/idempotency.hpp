#pragma once
// Gateways deliver again when they are unsure we got a message (timeouts, a lost ACK): each
// message is processed once, keyed by gateway and message id, and a repeat gets the same reply.
#include <cstdint>
#include <optional>
#include <string>

#include "core/sms/inbound_sms.hpp"

namespace votercast::core::sms {

// "kannel:5c2f…", "twilio:SM…": gateway + ":" + message_id.
std::string idempotency_key(const InboundSms& sms);

// What the store keeps for each processed key, to answer a repeat exactly as the first time.
struct ProcessedSms {
  std::string key;                          // idempotency_key()
  std::optional<std::int64_t> question_id;  // none when nothing was stored (help, poll vote, limit)
  std::string reply_text;                   // what was answered; empty when no reply was sent
  std::int64_t processed_at_ms = 0;
};

}  // namespace votercast::core::sms
