// What every gateway shares: decoding, idempotency keys, shared secrets.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/sms/gateway_secret.hpp"
#include "core/sms/idempotency.hpp"
#include "core/sms/sms_charset.hpp"

namespace sms = votercast::core::sms;
using votercast::core::DomainError;

namespace {

std::string error_code(std::string_view bytes, std::string_view charset) {
  try {
    sms::charset_to_utf8(bytes, charset);
  } catch (const DomainError& e) {
    return e.code;
  }
  return "(accepted)";
}

}  // namespace

TEST(SmsCharset, Utf16BeSurrogatePairs) {
  EXPECT_EQ(sms::utf16be_to_utf8(std::string("\xD8\x3D\xDE\xA7", 4)), "🚧");  // U+1F6A7
  EXPECT_EQ(sms::utf16be_to_utf8(std::string("\x01\x10\x00\x54", 4)), "ĐT");
  EXPECT_EQ(sms::utf16be_to_utf8(""), "");
  EXPECT_EQ(error_code(std::string("\x00", 1), "UTF-16BE"), "invalid_encoding");
  EXPECT_EQ(error_code(std::string("\xDE\xA7\xD8\x3D", 4), "UTF-16BE"), "invalid_encoding");  // swapped pair
  EXPECT_EQ(error_code(std::string("\xD8\x3D\xD8\x3D", 4), "ucs-2"), "invalid_encoding");
  EXPECT_EQ(error_code(std::string("\xDE\xA7\x00\x41", 4), "UTF-16BE"), "invalid_encoding");  // lone low surrogate
}

TEST(SmsCharset, CharsetNames) {
  EXPECT_EQ(sms::charset_to_utf8("Caf\xE9", "latin1"), "Café");
  EXPECT_EQ(sms::charset_to_utf8("\x80", "windows-1252"), "€");
  EXPECT_EQ(sms::charset_to_utf8("Cảm ơn", "utf-8"), "Cảm ơn");
  EXPECT_EQ(error_code("Caf\xE9", "UTF-8"), "invalid_encoding");
  EXPECT_EQ(error_code("abc", ""), "unsupported_charset");
  EXPECT_EQ(error_code("abc", "X-NO-SUCH"), "unsupported_charset");
  EXPECT_EQ(sms::hex_to_bytes("48656C6c6f"), "Hello");
}

// Found by tests/fuzz/sms_charset_fuzz.cpp: ICU's UTF-7 converter hands over a surrogate sent
// alone (+2D0- is U+D83D), which came out as bytes that are not UTF-8.
TEST(SmsCharset, ALoneSurrogateFromAnyCharsetIsUndecodable) {
  EXPECT_EQ(sms::charset_to_utf8("+2D3epw-", "UTF-7"), "🚧");  // the pair, U+1F6A7
  EXPECT_EQ(error_code("+2D0-", "UTF-7"), "invalid_encoding");
  EXPECT_EQ(error_code("a+3qc-", "utf-7"), "invalid_encoding");  // a lone low surrogate
}

TEST(SmsIdempotency, KeyIsGatewayAndMessageId) {
  sms::InboundSms m;
  m.gateway = "twilio";
  m.message_id = "SM9f5e3c3a1d2b4c6e8f0a1b2c3d4e5f60";
  EXPECT_EQ(sms::idempotency_key(m), "twilio:SM9f5e3c3a1d2b4c6e8f0a1b2c3d4e5f60");
  m.gateway = "jasmin";
  EXPECT_NE(sms::idempotency_key(m), "twilio:SM9f5e3c3a1d2b4c6e8f0a1b2c3d4e5f60") << "same id, other gateway";

  const sms::ProcessedSms outcome{sms::idempotency_key(m), 42, "Cam on ban. Ma cau hoi: 7KQ2M9XD", 1764240000123};
  EXPECT_EQ(outcome.question_id, 42);
  EXPECT_EQ(outcome.key, "jasmin:SM9f5e3c3a1d2b4c6e8f0a1b2c3d4e5f60");
}

TEST(SmsGatewaySecret, OnlyTheConfiguredSecretMatches) {
  EXPECT_TRUE(sms::gateway_secret_matches("kannel-s3cret", "kannel-s3cret"));
  EXPECT_FALSE(sms::gateway_secret_matches("kannel-s3cret", "kannel-s3creT"));
  EXPECT_FALSE(sms::gateway_secret_matches("kannel-s3cret", "kannel-s3cret "));
  EXPECT_FALSE(sms::gateway_secret_matches("kannel-s3cret", ""));
  EXPECT_FALSE(sms::gateway_secret_matches("", "")) << "no secret configured: closed";
}
