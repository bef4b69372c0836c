#include "core/sms/gateway_fields.hpp"

#include "core/errors.hpp"
#include "core/phone.hpp"

namespace votercast::core::sms {
namespace {

std::string_view trimmed(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

std::string quoted(std::string_view field) { return "'" + std::string(field) + "'"; }

}  // namespace

void reject(const std::string& code, const std::string& message) {
  throw DomainError(ErrorKind::invalid_input, code, message);
}

const std::string* find_field(const SmsParams& params, std::string_view name) {
  const auto it = params.find(std::string(name));
  return it == params.end() ? nullptr : &it->second;
}

std::string required_field(const SmsParams& params, std::string_view name, std::string_view code) {
  const std::string* value = find_field(params, name);
  if (value == nullptr || trimmed(*value).empty())
    reject(std::string(code), "Thiếu trường " + quoted(name) + " / field " + quoted(name) + " is missing or empty");
  return std::string(trimmed(*value));
}

std::string optional_field(const SmsParams& params, std::string_view name) {
  const std::string* value = find_field(params, name);
  return value == nullptr ? std::string() : std::string(trimmed(*value));
}

std::string sender_e164(std::string_view raw, std::string_view field) {
  auto parsed = parse_phone(raw);
  if (!parsed.e164)
    reject("invalid_from", "Người gửi trong trường " + quoted(field) + ": " + phone_problem_message(parsed.problem));
  return std::move(*parsed.e164);
}

std::string checked_text(std::string_view utf8, std::string_view field) {
  if (!text::is_valid_utf8(utf8))
    reject("invalid_encoding", "Nội dung trong trường " + quoted(field) + " không giải mã được / the text in " +
                                   quoted(field) + " is not valid UTF-8 after decoding");
  std::string normalized = text::normalize(utf8, /*keep_newlines=*/true);
  if (normalized.empty())
    reject("missing_text", "Tin nhắn không có nội dung / the message in " + quoted(field) + " is empty");
  if (text::length_chars(normalized) > kMaxSmsTextChars)
    reject("too_long", "Tin nhắn dài quá " + std::to_string(kMaxSmsTextChars) + " ký tự / the message is longer than " +
                           std::to_string(kMaxSmsTextChars) + " characters");
  return normalized;
}

}  // namespace votercast::core::sms
