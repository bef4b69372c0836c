// Jasmin's HTTP client connector delivering MO messages.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/sms/idempotency.hpp"
#include "core/sms/jasmin.hpp"
#include "shared_data.hpp"
#include "sms_test_support.hpp"

namespace sms = votercast::core::sms;
using votercast::core::DomainError;

namespace {

// What a UCS-2 SMS carries (UTF-16BE bytes), and hex as in Jasmin's binary field.
using votercast::test::sms::utf16be;
using votercast::test::sms::hex;

constexpr std::int64_t kNow = 1764240000123;

sms::SmsParams jasmin_request(const std::string& content, const std::string& coding) {
  return {{"id", "16fd2706-8baf-433b-82eb-8c7fada847da"},
          {"from", "+84987654321"},
          {"to", "8077"},
          {"origin-connector", "vinaphone_smpp"},
          {"priority", "1"},
          {"coding", coding},
          {"validity", "2026-11-27 20:00:00"},
          {"content", content}};
}

std::string error_code(const sms::SmsParams& params) {
  try {
    sms::parse_jasmin(params, kNow);
  } catch (const DomainError& e) {
    return e.code;
  }
  return "(accepted)";
}

}  // namespace

TEST(SmsJasmin, Ucs2ContentIsDecoded) {
  const std::string text = read_shared_jsonl("questions.vi.jsonl").at(1).at("text");
  const sms::InboundSms m = sms::parse_jasmin(jasmin_request(utf16be(text), "8"), kNow);
  EXPECT_EQ(m.gateway, "jasmin");
  EXPECT_EQ(m.message_id, "16fd2706-8baf-433b-82eb-8c7fada847da");
  EXPECT_EQ(m.from, "+84987654321");
  EXPECT_EQ(m.to, "8077");
  EXPECT_EQ(m.connector, "vinaphone_smpp");
  EXPECT_EQ(m.text, text);
  EXPECT_EQ(m.received_at_ms, kNow);
  EXPECT_EQ(sms::idempotency_key(m), "jasmin:16fd2706-8baf-433b-82eb-8c7fada847da");
}

TEST(SmsJasmin, BinaryFieldIsPreferred) {
  const std::string text = "HOI Nước sinh hoạt bị nhiễm phèn 😡";
  sms::SmsParams request = jasmin_request("mangled by a proxy", "8");
  request["binary"] = hex(utf16be(text));
  EXPECT_EQ(sms::parse_jasmin(request, kNow).text, text);

  request["binary"] = "00480";  // odd number of digits
  EXPECT_EQ(error_code(request), "invalid_encoding");
  request["binary"] = "00zz";
  EXPECT_EQ(error_code(request), "invalid_encoding");
}

TEST(SmsJasmin, DefaultAlphabetAndLatin1) {
  EXPECT_EQ(sms::parse_jasmin(jasmin_request("DT ket xe nga tu 550", "0"), kNow).text, "DT ket xe nga tu 550");
  EXPECT_EQ(sms::parse_jasmin(jasmin_request("DT ket xe", ""), kNow).text, "DT ket xe");
  EXPECT_EQ(sms::parse_jasmin(jasmin_request("Caf\xE9", "0"), kNow).text, "Café");  // not UTF-8: Latin-1
  EXPECT_EQ(sms::parse_jasmin(jasmin_request("Caf\xE9", "3"), kNow).text, "Café");
}

TEST(SmsJasmin, MissingAndUnsupportedFields) {
  for (const auto& [field, code] :
       {std::pair{"id", "missing_id"}, {"from", "missing_from"}, {"to", "missing_to"}, {"content", "missing_text"}}) {
    sms::SmsParams request = jasmin_request("DT hoi", "0");
    request.erase(field);
    EXPECT_EQ(error_code(request), code) << field;
  }
  EXPECT_EQ(error_code(jasmin_request("\x01\x02", "4")), "unsupported_coding");
  EXPECT_EQ(error_code(jasmin_request("DT hoi", "UCS2")), "invalid_coding");
  EXPECT_EQ(error_code(jasmin_request(std::string("\x00H\x00", 3), "8")), "invalid_encoding");
}

TEST(SmsJasmin, AcknowledgementIsExact) { EXPECT_EQ(sms::kJasminAck, "ACK/Jasmin"); }
