// Twilio's incoming-message webhook (core/sms/twilio.hpp): its form fields, their signature
// (twilio_signature.hpp) and the TwiML reply, which must stay well-formed XML whatever the text.
// fuzz-links: votercast_core
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/sms/twilio.hpp"
#include "core/sms/twilio_signature.hpp"
#include "sms_fuzz_checks.hpp"

namespace {

using namespace votercast;

constexpr std::int64_t kNow = 1764240000123;
constexpr std::string_view kToken = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kUrl = "https://votercast.example/sms/twilio";

// XML 1.0's Char production.
bool xml_char(UChar32 c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

bool only_xml_chars(std::string_view utf8) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto n = static_cast<std::int32_t>(utf8.size());
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || !xml_char(c)) return false;
  }
  return true;
}

std::string unescape_xml(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const std::size_t semi = s.find(';', i);
    FUZZ_CHECK(semi != std::string_view::npos, "an unterminated entity");
    const std::string_view entity = s.substr(i, semi - i + 1);
    if (entity == "&amp;") out += '&';
    else if (entity == "&lt;") out += '<';
    else if (entity == "&gt;") out += '>';
    else if (entity == "&quot;") out += '"';
    else if (entity == "&apos;") out += '\'';
    else FUZZ_CHECK(false, "an entity TwiML does not write: " + std::string(entity));
    i = semi;
  }
  return out;
}

// The reply is XML a parser takes, and carries the text (less what XML cannot hold).
void check_twiml(std::string_view text) {
  const std::string xml = core::sms::twiml_reply(text);
  FUZZ_CHECK(only_xml_chars(xml), "TwiML holds a character XML 1.0 forbids");
  const std::string_view open = "<Response><Message>", close = "</Message></Response>";
  if (text.empty()) return;
  const auto begin = xml.find(open);
  FUZZ_CHECK(begin != std::string::npos && xml.ends_with(close), xml);
  const std::string_view body = std::string_view(xml).substr(begin + open.size(), xml.size() - begin - open.size() - close.size());
  FUZZ_CHECK(body.find('<') == std::string_view::npos, "markup inside the message: " + xml);
  if (only_xml_chars(text)) FUZZ_CHECK(unescape_xml(body) == text, "the message does not read back: " + xml);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const core::sms::SmsParams fields = fuzz::sms_params(data, size);

  const std::string signature = core::sms::twilio_signature(kToken, kUrl, fields);
  FUZZ_CHECK(signature.size() == 28 && signature.ends_with('='), "Base64 of a SHA-1: " + signature);
  FUZZ_CHECK(core::sms::twilio_signature_valid(kToken, kUrl, fields, signature), "own signature refused");
  std::string forged = signature;
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  FUZZ_CHECK(!core::sms::twilio_signature_valid(kToken, kUrl, fields, forged), "a changed signature accepted");
  FUZZ_CHECK(!core::sms::twilio_signature_valid("", kUrl, fields, signature), "an empty token accepted");

  fuzz::parse_or_refuse([&] { return core::sms::parse_twilio(fields, kNow); },
                        [&](const core::sms::InboundSms& sms) {
                          fuzz::check_accepted_sms(sms, core::sms::gateway::twilio);
                          check_twiml(sms.text);
                        },
                        {"missing_message_id", "missing_from", "missing_to", "missing_text", "invalid_from",
                         "invalid_encoding", "too_long"});

  if (const auto body = fields.find("Body"); body != fields.end()) check_twiml(body->second);
  return 0;
}
