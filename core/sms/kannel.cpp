#include "core/sms/kannel.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include "core/sms/gateway_fields.hpp"
#include "core/sms/sms_charset.hpp"

namespace votercast::core::sms {
namespace {

// Kannel's %c: the GSM data coding group it decoded the message with.
enum class KannelCoding { seven_bit = 0, eight_bit = 1, ucs2 = 2 };

KannelCoding coding_of(const SmsParams& params) {
  const std::string value = optional_field(params, "coding");
  if (value.empty()) return KannelCoding::seven_bit;
  if (value == "0") return KannelCoding::seven_bit;
  if (value == "2") return KannelCoding::ucs2;
  if (value == "1")
    reject("unsupported_coding",
           "Tin nhắn nhị phân (coding=1) không được hỗ trợ / 8-bit binary messages (coding=1) "
           "are not supported");
  reject("invalid_coding", "Trường 'coding' không hợp lệ / field 'coding' must be 0, 1 or 2, not '" + value + "'");
}

// The text's bytes untrimmed: in UTF-16BE, 0x20 and 0x0A are halves of characters. A text of
// spaces is caught after decoding, by checked_text().
const std::string& raw_text(const SmsParams& params) {
  const std::string* text = find_field(params, "text");
  if (text == nullptr || text->empty())
    reject("missing_text", "Thiếu trường 'text' / field 'text' is missing or empty");
  return *text;
}

std::string decoded_text(const SmsParams& params) {
  const KannelCoding coding = coding_of(params);
  const std::string& bytes = raw_text(params);
  const std::string charset = optional_field(params, "charset");
  if (!charset.empty()) return charset_to_utf8(bytes, charset);
  return coding == KannelCoding::ucs2 ? utf16be_to_utf8(bytes) : charset_to_utf8(bytes, "UTF-8");
}

std::optional<std::int64_t> unix_seconds(const std::string& ts) {
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), seconds);
  if (ec != std::errc() || end != ts.data() + ts.size() || seconds <= 0) return std::nullopt;
  if (seconds > INT64_MAX / 1000) return std::nullopt;
  return seconds * 1000;
}

// "k" + 32 hex digits of SHA-256 over the fields that identify one delivery, separated by a
// control byte that normalized text and the other fields never hold.
std::string stable_id(const std::string& smsc, const std::string& from, const std::string& ts,
                      const std::string& text) {
  std::string input;
  for (const std::string* part : {&smsc, &from, &ts, &text}) {
    input += *part;
    input += '\x1f';
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "k";
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    id += kHex[digest[i] >> 4];
    id += kHex[digest[i] & 0xF];
  }
  return id;
}

}  // namespace

InboundSms parse_kannel(const SmsParams& params, std::int64_t now_ms) {
  InboundSms sms;
  sms.gateway = gateway::kannel;
  sms.from_raw = required_field(params, "from", "missing_from");
  sms.from = sender_e164(sms.from_raw, "from");
  sms.to = required_field(params, "to", "missing_to");
  sms.text = checked_text(decoded_text(params), "text");
  sms.connector = optional_field(params, "smsc");
  const std::string ts = optional_field(params, "ts");
  sms.received_at_ms = unix_seconds(ts).value_or(now_ms);
  sms.message_id = optional_field(params, "id");
  if (sms.message_id.empty()) sms.message_id = stable_id(sms.connector, sms.from, ts, sms.text);
  return sms;
}

}  // namespace votercast::core::sms
