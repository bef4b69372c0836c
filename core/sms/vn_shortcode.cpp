#include "core/sms/vn_shortcode.hpp"

#include "core/sms/gateway_fields.hpp"

namespace votercast::core::sms {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

void append_form_encoded(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
}

}  // namespace

InboundSms parse_vn_shortcode(const SmsParams& params, std::int64_t now_ms) {
  InboundSms sms;
  sms.gateway = gateway::shortcode;
  sms.from_raw = required_field(params, "User_ID", "missing_from");
  sms.from = sender_e164(sms.from_raw, "User_ID");
  sms.to = required_field(params, "Service_ID", "missing_to");
  sms.command_code = required_field(params, "Command_Code", "missing_command_code");
  const std::string* message = find_field(params, "Message");
  if (message == nullptr) reject("missing_text", "Thiếu trường 'Message' / field 'Message' is missing");
  sms.text = checked_text(*message, "Message");
  sms.message_id = required_field(params, "Request_ID", "missing_request_id");
  if (std::string op = optional_field(params, "Operator"); !op.empty()) sms.operator_name = std::move(op);
  sms.received_at_ms = now_ms;
  return sms;
}

std::vector<std::pair<std::string, std::string>> ShortcodeMt::fields() const {
  return {{"User_ID", user_id},
          {"Service_ID", service_id},
          {"Command_Code", command_code},
          {"Message", message},
          {"Request_ID", request_id},
          {"Message_Type", std::to_string(message_type)},
          {"Total_Message", std::to_string(total_message)},
          {"Message_Index", std::to_string(message_index)},
          {"IsMore", std::to_string(is_more)},
          {"Content_Type", std::to_string(content_type)}};
}

std::string ShortcodeMt::form_body() const {
  std::string body;
  for (const auto& [name, value] : fields()) {
    if (!body.empty()) body += '&';
    append_form_encoded(body, name);
    body += '=';
    append_form_encoded(body, value);
  }
  return body;
}

ShortcodeMt shortcode_reply(const InboundSms& mo, std::string message) {
  ShortcodeMt mt;
  mt.user_id = mo.from_raw;
  mt.service_id = mo.to;
  mt.command_code = mo.command_code;
  mt.message = std::move(message);
  mt.request_id = mo.message_id;
  return mt;
}

}  // namespace votercast::core::sms
