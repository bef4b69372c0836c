#pragma once
// Kannel's sms-service calling us (get-url or post-url), with the template
//   /sms/kannel?secret=…&from=%p&to=%P&text=%a&ts=%T&id=%I&smsc=%i&coding=%c&charset=%C
// The secret is the HTTP layer's to check (see gateway_secret.hpp).
#include <cstdint>

#include "core/sms/inbound_sms.hpp"

namespace votercast::core::sms {

// How `text` is read: by `charset` when Kannel gives one (UTF-16BE for UCS-2 with mo-recode off;
// UTF-8; ISO-8859-1; WINDOWS-1252 …); without one, coding=2 is UTF-16BE and coding=0 (or none)
// UTF-8. coding=1 (8-bit binary: ringtones, WAP push) is refused: unsupported_coding.
// `id` (%I) is the message id; when Kannel sends none, a stable id is made from a hash of
// (smsc, sender, ts, text), so that a repeated delivery of the same message is still recognized.
// `ts` (%T, Unix seconds) is when it was received, else `now_ms`.
// Errors: missing_from, missing_to, missing_text, invalid_from, invalid_coding,
// unsupported_coding, unsupported_charset, invalid_encoding, too_long.
InboundSms parse_kannel(const SmsParams& params, std::int64_t now_ms);

}  // namespace votercast::core::sms
