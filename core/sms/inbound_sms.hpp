#pragma once
// One SMS from a voter, whichever gateway carried it: the parsers in this directory turn each
// gateway's request fields into this, and everything after them sees only this.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace votercast::core::sms {

// A gateway's request fields (query or form), already percent-decoded by the HTTP layer.
// Values are bytes: the text of a UCS-2 message arrives as raw UTF-16BE.
using SmsParams = std::map<std::string, std::string>;

// InboundSms::gateway, and the first half of the idempotency key.
namespace gateway {
inline constexpr std::string_view kannel = "kannel";
inline constexpr std::string_view jasmin = "jasmin";
inline constexpr std::string_view twilio = "twilio";
inline constexpr std::string_view shortcode = "shortcode";  // Vietnamese 8x77-style aggregators
}  // namespace gateway

// Longest text accepted, in code points after decoding: gateways join the parts of a long
// (concatenated) message before they call us, so this is the voter's whole message.
inline constexpr std::size_t kMaxSmsTextChars = text::kMaxInputChars;

struct InboundSms {
  std::string gateway;                       // one of gateway::*
  std::string message_id;                    // unique per gateway; with it, the idempotency key
  std::string from;                          // the sender in E.164 ("+84912345678")
  std::string from_raw;                      // the sender as the gateway wrote it: replies go back to this address
  std::string to;                            // the short code or number the voter wrote to
  std::string text;                          // UTF-8, normalized (text::normalize, newlines kept), never empty
  std::optional<std::string> operator_name;  // the carrier, when the gateway says (Viettel, Vinaphone…)
  std::string connector;                     // the route it came by: Kannel's smsc id, Jasmin's origin-connector
  std::string command_code;                  // short-code aggregators: the keyword they routed on, echoed in the reply
  int segments = 1;                          // SMS parts the voter's phone sent, when the gateway says
  std::int64_t received_at_ms = 0;
};

}  // namespace votercast::core::sms
