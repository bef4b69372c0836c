#pragma once
// Twilio's incoming-message webhook (form POST: From, To, Body, MessageSid, NumSegments, …)
// and the TwiML it expects back. Check the signature first (twilio_signature.hpp).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/sms/inbound_sms.hpp"

namespace votercast::core::sms {

// Body is UTF-8. Errors: missing_message_id, missing_from, missing_to, missing_text,
// invalid_from, invalid_encoding, too_long.
InboundSms parse_twilio(const SmsParams& params, std::int64_t now_ms);

// <?xml version="1.0" encoding="UTF-8"?><Response><Message>text</Message></Response>, the text
// XML-escaped and stripped of characters XML 1.0 forbids (and of bytes that are not UTF-8). Empty text: an empty <Response/>,
// which Twilio takes as "no reply".
std::string twiml_reply(std::string_view text);

}  // namespace votercast::core::sms
