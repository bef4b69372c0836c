#pragma once
// The province's clock: Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving),
// so local dates and times are a fixed offset from UTC, without a time zone database.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

inline constexpr std::int64_t kVietnamOffsetMs = 7 * 3600 * 1000;

// "2026-12-15" (exactly that shape, a real calendar date), or nullopt.
std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text);
// "2026-11-27T20:15[:30[.250]]" followed by "Z", "+07:00" or nothing (then it is
// Vietnam time, as a producer in the studio would type it), or nullopt.
std::optional<std::int64_t> parse_iso_time(std::string_view text);
// The local date at that instant.
std::chrono::year_month_day vietnam_date_of(std::int64_t unix_ms);
// The last millisecond of that local date: a due date holds until the day is over.
std::int64_t end_of_vietnam_day_ms(std::chrono::year_month_day date);

std::string iso_date_text(std::chrono::year_month_day date);  // "2026-12-15"
std::string vietnam_date_text(std::int64_t unix_ms);          // "15/12/2026"
std::string vietnam_clock_text(std::int64_t unix_ms);         // "23:40"
std::string vietnam_moment_text(std::int64_t unix_ms);        // "23:40 ngày 15/12/2026"

}  // namespace votercast::core
