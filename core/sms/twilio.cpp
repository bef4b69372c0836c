#include "core/sms/twilio.hpp"

#include <unicode/utf8.h>

#include <charconv>
#include <cstdint>

#include "core/sms/gateway_fields.hpp"

namespace votercast::core::sms {
namespace {

int segments_of(const SmsParams& params) {
  const std::string value = optional_field(params, "NumSegments");
  int segments = 1;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), segments);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || segments < 1) return 1;
  return segments;
}

// XML 1.0's Char: tab, LF, CR and U+0020 on, but for U+FFFE and U+FFFF (surrogates, the rest
// of what it leaves out, cannot be in UTF-8). One of these would make Twilio refuse the TwiML.
bool xml_char(UChar32 c) { return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF); }

void append_xml_escaped(std::string& out, std::string_view text) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < n;) {
    const std::int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || !xml_char(c)) continue;  // bytes that are no character, and what XML forbids
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.append(text.data() + start, static_cast<std::size_t>(i - start));
    }
  }
}

}  // namespace

InboundSms parse_twilio(const SmsParams& params, std::int64_t now_ms) {
  InboundSms sms;
  sms.gateway = gateway::twilio;
  sms.message_id = required_field(params, "MessageSid", "missing_message_id");
  sms.from_raw = required_field(params, "From", "missing_from");
  sms.from = sender_e164(sms.from_raw, "From");
  sms.to = required_field(params, "To", "missing_to");
  const std::string* body = find_field(params, "Body");
  if (body == nullptr) reject("missing_text", "Thiếu trường 'Body' / field 'Body' is missing");
  sms.text = checked_text(*body, "Body");
  sms.segments = segments_of(params);
  sms.received_at_ms = now_ms;
  return sms;
}

std::string twiml_reply(std::string_view text) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  if (text.empty()) return out + "<Response/>";
  out += "<Response><Message>";
  append_xml_escaped(out, text);
  out += "</Message></Response>";
  return out;
}

}  // namespace votercast::core::sms
