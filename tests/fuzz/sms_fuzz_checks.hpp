#pragma once
// What every SMS gateway parser promises, checked by each gateway's fuzz target: a message it
// accepts is fit to store (sender in E.164, text normalized UTF-8 within the limit, an id for
// the idempotency key); anything else is refused with DomainError(invalid_input) and one of
// the codes its header lists, never another exception.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/phone.hpp"
#include "core/sms/idempotency.hpp"
#include "core/sms/inbound_sms.hpp"
#include "core/text.hpp"
#include "fuzz_check.hpp"
#include "fuzz_fields.hpp"

namespace votercast::fuzz {

// The input's fields as a gateway's request: "name=value" each, the first of a name winning
// as it does in the web layer (a query, then a form body).
inline core::sms::SmsParams sms_params(const std::uint8_t* data, std::size_t size) {
  core::sms::SmsParams params;
  for (const std::string& field : split_fields(data, size)) {
    if (field.empty()) continue;
    auto [name, value] = name_and_value(field);
    params.try_emplace(std::move(name), std::move(value));
  }
  return params;
}

// '+', a country code and the national number, digits only (libphonenumber's metadata holds
// valid numbers past ITU's 15 digits: a country code of up to 3, a national number of up to 17).
inline bool is_e164(std::string_view s) {
  if (s.size() < 3 || s.size() > 1 + 3 + 17 || s[0] != '+' || s[1] == '0') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline void check_accepted_sms(const core::sms::InboundSms& sms, std::string_view gateway) {
  FUZZ_CHECK(sms.gateway == gateway, sms.gateway);
  FUZZ_CHECK(!sms.message_id.empty(), "an accepted message has an id");
  FUZZ_CHECK(core::sms::idempotency_key(sms) == std::string(gateway) + ":" + sms.message_id, sms.message_id);
  FUZZ_CHECK(is_e164(sms.from), "sender not in E.164: " + sms.from);
  FUZZ_CHECK(core::to_e164(sms.from) == sms.from, "E.164 sender does not parse to itself: " + sms.from);
  FUZZ_CHECK(!sms.from_raw.empty() && !sms.to.empty(), "sender and recipient as given");
  FUZZ_CHECK(core::text::is_valid_utf8(sms.text), "text is not UTF-8");
  FUZZ_CHECK(!sms.text.empty(), "an accepted message has text");
  FUZZ_CHECK(core::text::normalize(sms.text, /*keep_newlines=*/true) == sms.text, "text is not normalized: " + sms.text);
  FUZZ_CHECK(core::text::length_chars(sms.text) <= core::sms::kMaxSmsTextChars, "text longer than the limit");
  FUZZ_CHECK(sms.segments >= 1, std::to_string(sms.segments));
}

// Runs `parse`; a refusal must be DomainError(invalid_input) with one of `codes`.
template <class Parse, class Accepted>
void parse_or_refuse(Parse parse, Accepted accepted, std::initializer_list<std::string_view> codes) {
  core::sms::InboundSms sms;
  try {
    sms = parse();
  } catch (const core::DomainError& e) {
    FUZZ_CHECK(e.kind == core::ErrorKind::invalid_input, e.code);
    FUZZ_CHECK(std::find(codes.begin(), codes.end(), e.code) != codes.end(), "undocumented code " + e.code);
    return;
  }
  accepted(sms);
}

}  // namespace votercast::fuzz
