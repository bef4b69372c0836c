// Twilio's incoming-message webhook: the signature, the fields, the TwiML reply.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/sms/twilio.hpp"
#include "core/sms/twilio_signature.hpp"

namespace sms = votercast::core::sms;
using votercast::core::DomainError;

namespace {

constexpr std::int64_t kNow = 1764240000123;

// Twilio's documented example (https://www.twilio.com/docs/usage/security), recomputed with
// `openssl dgst -sha1 -hmac 12345 -binary | base64` over the URL and the sorted fields.
constexpr std::string_view kUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
constexpr std::string_view kToken = "12345";
constexpr std::string_view kSignature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
const sms::SmsParams kFields = {{"CallSid", "CA1234567890ABCDE"},
                                {"Caller", "+12349013030"},
                                {"Digits", "1234"},
                                {"From", "+12349013030"},
                                {"To", "+18005551212"}};

sms::SmsParams twilio_request(const std::string& body) {
  return {{"AccountSid", "AC0123456789abcdef0123456789abcdef"},
          {"MessageSid", "SM9f5e3c3a1d2b4c6e8f0a1b2c3d4e5f60"},
          {"From", "+84916555000"},
          {"To", "+18005551212"},
          {"Body", body},
          {"NumSegments", "2"},
          {"NumMedia", "0"},
          {"FromCountry", "VN"}};
}

std::string error_code(const sms::SmsParams& params) {
  try {
    sms::parse_twilio(params, kNow);
  } catch (const DomainError& e) {
    return e.code;
  }
  return "(accepted)";
}

}  // namespace

TEST(SmsTwilioSignature, DocumentedExampleIsValid) {
  EXPECT_EQ(sms::twilio_signature(kToken, kUrl, kFields), kSignature);
  EXPECT_TRUE(sms::twilio_signature_valid(kToken, kUrl, kFields, kSignature));
}

TEST(SmsTwilioSignature, OneChangedByteIsInvalid) {
  for (std::size_t i = 0; i < kSignature.size(); ++i) {
    std::string forged(kSignature);
    forged[i] = forged[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(sms::twilio_signature_valid(kToken, kUrl, kFields, forged)) << i;
  }
  EXPECT_FALSE(sms::twilio_signature_valid(kToken, kUrl, kFields, kSignature.substr(1)));
  EXPECT_FALSE(sms::twilio_signature_valid(kToken, kUrl, kFields, ""));
}

TEST(SmsTwilioSignature, DifferentUrlFieldsOrTokenAreInvalid) {
  EXPECT_FALSE(sms::twilio_signature_valid(kToken, "https://mycompany.com/myapp.php?foo=1&bar=3", kFields, kSignature));
  EXPECT_FALSE(sms::twilio_signature_valid(kToken, "http://mycompany.com/myapp.php?foo=1&bar=2", kFields, kSignature));
  sms::SmsParams changed = kFields;
  changed["Digits"] = "1235";
  EXPECT_FALSE(sms::twilio_signature_valid(kToken, kUrl, changed, kSignature));
  changed = kFields;
  changed["Extra"] = "";
  EXPECT_FALSE(sms::twilio_signature_valid(kToken, kUrl, changed, kSignature));
  EXPECT_FALSE(sms::twilio_signature_valid("12346", kUrl, kFields, kSignature));
  EXPECT_FALSE(sms::twilio_signature_valid("", kUrl, kFields, kSignature));
}

TEST(SmsTwilio, IncomingMessage) {
  const sms::InboundSms m = sms::parse_twilio(twilio_request("DT Cho hỏi thủ tục cấp đổi căn cước công dân?"), kNow);
  EXPECT_EQ(m.gateway, "twilio");
  EXPECT_EQ(m.message_id, "SM9f5e3c3a1d2b4c6e8f0a1b2c3d4e5f60");
  EXPECT_EQ(m.from, "+84916555000");
  EXPECT_EQ(m.to, "+18005551212");
  EXPECT_EQ(m.text, "DT Cho hỏi thủ tục cấp đổi căn cước công dân?");
  EXPECT_EQ(m.segments, 2);
  EXPECT_EQ(m.received_at_ms, kNow);
}

TEST(SmsTwilio, MissingFieldsAreNamed) {
  for (const auto& [field, code] : {std::pair{"MessageSid", "missing_message_id"},
                                    {"From", "missing_from"},
                                    {"To", "missing_to"},
                                    {"Body", "missing_text"}}) {
    sms::SmsParams request = twilio_request("DT hoi");
    request.erase(field);
    EXPECT_EQ(error_code(request), code) << field;
  }
  EXPECT_EQ(error_code(twilio_request("")), "missing_text");  // an MMS with only a picture
  sms::SmsParams request = twilio_request("DT hoi");
  request["From"] = "whatsapp:+84916555000";
  EXPECT_EQ(error_code(request), "invalid_from");
}

TEST(SmsTwilio, TwimlReplyIsEscaped) {
  const std::string declaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  EXPECT_EQ(sms::twiml_reply("Cam on ban. Ma cau hoi: 7KQ2M9XD"),
            declaration + "<Response><Message>Cam on ban. Ma cau hoi: 7KQ2M9XD</Message></Response>");
  EXPECT_EQ(sms::twiml_reply("a<b>&\"c'\x01\x1b\nd"),
            declaration + "<Response><Message>a&lt;b&gt;&amp;&quot;c&apos;\nd</Message></Response>");
  EXPECT_EQ(sms::twiml_reply("Cảm ơn"), declaration + "<Response><Message>Cảm ơn</Message></Response>");
  EXPECT_EQ(sms::twiml_reply(""), declaration + "<Response/>");
}

// Caught by tests/fuzz/sms_twilio_fuzz.cpp's XML check: U+FFFE and U+FFFF are valid UTF-8 that
// XML 1.0 forbids, and they went into the TwiML as they were.
TEST(SmsTwilio, TwimlHoldsOnlyCharactersXmlAllows) {
  const std::string declaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  EXPECT_EQ(sms::twiml_reply("a\xEF\xBF\xBE\xEF\xBF\xBF" "b\xEF\xBF\xBD"),
            declaration + "<Response><Message>ab\xEF\xBF\xBD</Message></Response>");  // U+FFFD is allowed
  EXPECT_EQ(sms::twiml_reply("a\xC3" "b\xFF\x7F"), declaration + "<Response><Message>ab\x7F</Message></Response>");
}
