#pragma once
// Jasmin's HTTP client connector delivering an MO message (deliverSmHttpThrower): fields
// id, from, to, origin-connector, content, coding, and in newer versions binary (the content's
// bytes in hex); priority and validity are ignored.
#include <cstdint>
#include <string_view>

#include "core/sms/inbound_sms.hpp"

namespace votercast::core::sms {

// The exact body Jasmin wants back with a 200; anything else makes it deliver the message again.
inline constexpr std::string_view kJasminAck = "ACK/Jasmin";

// The bytes come from `binary` when present (hex survives any form decoding), else `content`.
// coding (SMPP data_coding): 8 UCS-2 -> UTF-16BE; 3 -> ISO-8859-1; 0 (SMSC default) and 1 (IA5)
// -> UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (what SMSCs commonly mean by their
// default alphabet over SMPP). Binary codings (2, 4) and the Asian ones are unsupported_coding.
// Errors: missing_id, missing_from, missing_to, missing_text, invalid_from, invalid_coding,
// unsupported_coding, invalid_encoding, too_long.
InboundSms parse_jasmin(const SmsParams& params, std::int64_t now_ms);

}  // namespace votercast::core::sms
