#include "core/follow_up.hpp"

#include <chrono>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/vietnam_time.hpp"

namespace votercast::core {
namespace {

[[noreturn]] void invalid(const std::string& code, const std::string& message) {
  throw DomainError(ErrorKind::invalid_input, code, message);
}

std::string clean_text(std::string_view raw) {
  if (!text::is_valid_utf8(raw)) invalid("invalid_utf8", "Nội dung trả lời không phải UTF-8 hợp lệ / the answer is not valid UTF-8");
  auto out = text::normalize(raw, /*keep_newlines=*/true);
  if (text::length_chars(out) > kMaxAnswerChars)
    invalid("answer_too_long", "Câu trả lời dài quá " + std::to_string(kMaxAnswerChars) +
                                   " ký tự / the answer is longer than " + std::to_string(kMaxAnswerChars) +
                                   " characters");
  return out;
}

}  // namespace

std::int64_t due_at_for(const std::optional<std::string>& due_date, int default_days, std::int64_t now_ms) {
  using std::chrono::days;
  using std::chrono::sys_days;
  const sys_days today{vietnam_date_of(now_ms)};
  sys_days due = today + days{default_days};
  if (due_date) {
    const auto parsed = parse_iso_date(*due_date);
    if (!parsed)
      invalid("bad_due_date", "Hạn trả lời phải có dạng YYYY-MM-DD / due_date must be a date like 2026-12-15");
    due = sys_days{*parsed};
  }
  if (due < today)
    invalid("due_date_in_past", "Hạn trả lời đã qua / due_date is in the past (today is " +
                                    iso_date_text(vietnam_date_of(now_ms)) + " in Vietnam)");
  if (due > today + days{kMaxDueDays})
    invalid("due_date_too_far", "Hạn trả lời quá xa / due_date is more than a year away");
  return end_of_vietnam_day_ms(std::chrono::year_month_day{due});
}

bool is_overdue(const Question& q, std::int64_t now_ms) {
  return q.state == QuestionState::forwarded && q.due_at_ms && *q.due_at_ms < now_ms;
}

std::string clean_answer_text(std::string_view raw) {
  auto out = clean_text(raw);
  if (out.empty()) invalid("answer_required", "Vui lòng nhập nội dung trả lời / the answer is empty");
  return out;
}

std::string clean_on_air_answer_text(std::string_view raw) { return clean_text(raw); }

std::int64_t on_air_answer_time(std::optional<std::int64_t> at_ms, const Question& q, std::int64_t now_ms) {
  if (!at_ms) return now_ms;
  if (*at_ms > now_ms + kOnAirClockSkewMs)
    invalid("answered_at_in_future", "Thời điểm trả lời chưa tới / 'at' is in the future");
  if (*at_ms < q.created_at_ms)
    invalid("answered_at_before_question", "Thời điểm trả lời trước khi có câu hỏi / 'at' is before the question was sent");
  return *at_ms;
}

std::string archive_search_key(const Question& q) {
  return text::fold_key(q.on_air_text.empty() ? q.original_text : q.on_air_text) + " | " + text::fold_key(q.answer_text);
}

std::string public_asker(const Question& q) {
  if (q.publish_name && !q.sender_name.empty()) return q.sender_name;
  if (!q.area.empty()) return "Cử tri ở " + q.area;
  return "Một cử tri";
}

}  // namespace votercast::core
