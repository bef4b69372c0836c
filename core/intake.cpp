#include "core/intake.hpp"

#include "core/content_flags.hpp"
#include "core/errors.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"

namespace votercast::core {
namespace {

[[noreturn]] void invalid(const std::string& code, const std::string& message) {
  throw DomainError(ErrorKind::invalid_input, code, message);
}

std::string clean_field(const std::string& raw, std::size_t max_chars, const char* field, bool keep_newlines = false) {
  if (!text::is_valid_utf8(raw))
    invalid("invalid_utf8", std::string("Trường '") + field + "' không phải UTF-8 hợp lệ / field '" + field +
                                "' is not valid UTF-8");
  std::string out = text::normalize(raw, keep_newlines);
  if (text::length_chars(out) > max_chars)
    invalid(std::string(field) + "_too_long", std::string("Trường '") + field + "' dài quá " +
                                                  std::to_string(max_chars) + " ký tự / field '" + field +
                                                  "' is longer than " + std::to_string(max_chars) + " characters");
  return out;
}

}  // namespace

Question prepare_question(const Submission& s, std::int64_t now_ms) {
  Question q;
  q.channel = s.channel;
  q.original_text = clean_field(s.text, text::kMaxInputChars, "text", /*keep_newlines=*/true);
  if (q.original_text.empty())
    invalid("text_required", "Vui lòng nhập nội dung câu hỏi / the question text is empty");
  q.on_air_text = text::normalize(q.original_text);  // one line for the on-air card
  q.sender_name = clean_field(s.name, kMaxNameChars, "name");
  q.publish_name = s.publish_name;
  q.area = clean_field(s.area, kMaxAreaChars, "area");
  q.topic = clean_field(s.topic, kMaxTopicChars, "topic");
  if (!s.phone.empty()) {
    auto parsed = parse_phone(s.phone);
    if (!parsed.e164) invalid("phone_invalid", phone_problem_message(parsed.problem));
    q.phone = std::move(*parsed.e164);
  }
  TextAnalysis analysis = analyze(q.original_text);
  q.flags = analysis.flags;
  q.fold_key = std::move(analysis.fold_key);
  q.near_key = std::move(analysis.near_key);
  q.created_at_ms = q.updated_at_ms = now_ms;
  return q;
}

}  // namespace votercast::core
