#include "core/sms/jasmin.hpp"

#include <charconv>

#include "core/sms/gateway_fields.hpp"
#include "core/sms/sms_charset.hpp"
#include "core/text.hpp"

namespace votercast::core::sms {
namespace {

int coding_of(const SmsParams& params) {
  const std::string value = optional_field(params, "coding");
  if (value.empty()) return 0;
  int coding = -1;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), coding);
  if (ec != std::errc() || end != value.data() + value.size() || coding < 0)
    reject("invalid_coding", "Trường 'coding' không hợp lệ / field 'coding' must be a number, not '" + value + "'");
  return coding;
}

std::string message_bytes(const SmsParams& params) {
  const std::string binary = optional_field(params, "binary");
  if (!binary.empty()) return hex_to_bytes(binary);
  const std::string* content = find_field(params, "content");
  if (content == nullptr || content->empty())
    reject("missing_text", "Thiếu trường 'content' / field 'content' is missing or empty");
  return *content;
}

std::string decoded_text(const SmsParams& params) {
  const int coding = coding_of(params);
  const std::string bytes = message_bytes(params);
  switch (coding) {
    case 0:  // SMSC default alphabet
    case 1:  // IA5 (ASCII)
      return text::is_valid_utf8(bytes) ? bytes : latin1_to_utf8(bytes);
    case 3:
      return latin1_to_utf8(bytes);
    case 8:
      return utf16be_to_utf8(bytes);
    default:
      reject("unsupported_coding", "Bảng mã coding=" + std::to_string(coding) + " không được hỗ trợ / data coding " +
                                       std::to_string(coding) + " is not supported (only 0, 1, 3 and 8)");
  }
}

}  // namespace

InboundSms parse_jasmin(const SmsParams& params, std::int64_t now_ms) {
  InboundSms sms;
  sms.gateway = gateway::jasmin;
  sms.message_id = required_field(params, "id", "missing_id");
  sms.from_raw = required_field(params, "from", "missing_from");
  sms.from = sender_e164(sms.from_raw, "from");
  sms.to = required_field(params, "to", "missing_to");
  sms.text = checked_text(decoded_text(params), "content");
  sms.connector = optional_field(params, "origin-connector");
  sms.received_at_ms = now_ms;
  return sms;
}

}  // namespace votercast::core::sms
