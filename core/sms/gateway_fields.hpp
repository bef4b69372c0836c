#pragma once
// Reading a gateway's request fields. Every missing or malformed field becomes
// DomainError(invalid_input) with a code naming it ("missing_from", "too_long"), so that the
// HTTP layer answers 400 {"error":{"code","message"}} and never crashes on a gateway's whim.
#include <string>
#include <string_view>

#include "core/sms/inbound_sms.hpp"

namespace votercast::core::sms {

[[noreturn]] void reject(const std::string& code, const std::string& message);

// The field's value, or nullptr when the gateway did not send it.
const std::string* find_field(const SmsParams& params, std::string_view name);

// The field's value with surrounding whitespace trimmed; rejects with `code` when it is absent
// or blank. The message names the gateway's own field ("User_ID"), the code our meaning.
std::string required_field(const SmsParams& params, std::string_view name, std::string_view code);

// The field trimmed, or "" when absent.
std::string optional_field(const SmsParams& params, std::string_view name);

// The sender in E.164 (core/phone.hpp); rejects with invalid_from when it is not a phone
// number (alphanumeric senders are carriers' notices, not voters).
std::string sender_e164(std::string_view raw, std::string_view field);

// Decoded message text, checked and normalized: invalid UTF-8 -> invalid_encoding,
// blank -> missing_text, longer than kMaxSmsTextChars -> too_long.
std::string checked_text(std::string_view utf8, std::string_view field);

}  // namespace votercast::core::sms
