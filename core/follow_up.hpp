#pragma once
// After the show: when a forwarded question falls due, what an answer may be, and
// how the public archive names the voter and finds the question. Rules only; the
// desk (question_desk.hpp) applies them inside its transactions.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/question.hpp"

namespace votercast::core {

inline constexpr std::size_t kMaxAnswerChars = 5000;
inline constexpr int kMaxDueDays = 366;  // a due date further out is a typo
// An on-air answer's time may run this far ahead of the server's clock (a studio clock).
inline constexpr std::int64_t kOnAirClockSkewMs = 5 * 60 * 1000;

// When a forward falls due: the end of `due_date` ("YYYY-MM-DD", the province's local
// date; today is allowed), or without one the end of the day `default_days` from today.
// Throws DomainError(invalid_input): bad_due_date, due_date_in_past, due_date_too_far.
std::int64_t due_at_for(const std::optional<std::string>& due_date, int default_days, std::int64_t now_ms);

// Forwarded and past its due date.
bool is_overdue(const Question& q, std::int64_t now_ms);

// An agency's answer: NFC, whitespace tidied with line breaks kept, 1 to 5,000
// characters. Throws DomainError(invalid_input): invalid_utf8, answer_required, answer_too_long.
std::string clean_answer_text(std::string_view raw);
// The same for the optional note with an answer given on air: empty is allowed.
std::string clean_on_air_answer_text(std::string_view raw);

// When a question was answered on air: `at` (defaults to now) must not lie in the
// future nor before the question was sent. Throws DomainError(invalid_input).
std::int64_t on_air_answer_time(std::optional<std::int64_t> at_ms, const Question& q, std::int64_t now_ms);

// What the archive's search matches: the folded on-air text and answer, kept apart by
// a character folding never produces, so that no match spans the two.
std::string archive_search_key(const Question& q);

// How the public archive names the asker: their name only if they allowed it, else
// "Cử tri ở <area>", else "Một cử tri". Never a phone number.
std::string public_asker(const Question& q);

}  // namespace votercast::core
