#include "core/vietnam_time.hpp"

#include <cstdio>

namespace votercast::core {
namespace {

using namespace std::chrono;

constexpr std::int64_t kDayMs = 24 * 3600 * 1000;

// Floor division: instants before 1970 still fall on the right day.
std::int64_t local_day_number(std::int64_t unix_ms) {
  const auto local = unix_ms + kVietnamOffsetMs;
  return local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
}

bool two_digits(std::string_view s, std::size_t at) {
  return s[at] >= '0' && s[at] <= '9' && s[at + 1] >= '0' && s[at + 1] <= '9';
}

}  // namespace

std::optional<year_month_day> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !two_digits(s, 0) || !two_digits(s, 2) || !two_digits(s, 5) ||
      !two_digits(s, 8))
    return std::nullopt;
  auto number = [&](std::size_t at, std::size_t length) {
    int value = 0;
    for (std::size_t i = at; i < at + length; ++i) value = value * 10 + (s[i] - '0');
    return value;
  };
  const year_month_day date{year{number(0, 4)}, month{static_cast<unsigned>(number(5, 2))},
                            day{static_cast<unsigned>(number(8, 2))}};
  if (!date.ok()) return std::nullopt;  // 2026-02-30, month 13 ...
  return date;
}

std::optional<std::int64_t> parse_iso_time(std::string_view s) {
  if (s.size() < 16 || s[10] != 'T' || s[13] != ':' || !two_digits(s, 11) || !two_digits(s, 14)) return std::nullopt;
  const auto date = parse_iso_date(s.substr(0, 10));
  if (!date) return std::nullopt;
  const int hours = (s[11] - '0') * 10 + (s[12] - '0');
  const int minutes = (s[14] - '0') * 10 + (s[15] - '0');
  int seconds = 0, millis = 0;
  std::size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (s.size() < at + 3 || !two_digits(s, at + 1)) return std::nullopt;
    seconds = (s[at + 1] - '0') * 10 + (s[at + 2] - '0');
    at += 3;
    if (at < s.size() && s[at] == '.') {
      ++at;
      int digits = 0;
      for (; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++digits)
        if (digits < 3) millis = millis * 10 + (s[at] - '0');
      if (digits == 0) return std::nullopt;
      for (; digits < 3; ++digits) millis *= 10;
    }
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return std::nullopt;
  std::int64_t offset_ms = kVietnamOffsetMs;
  const auto zone = s.substr(at);
  if (zone == "Z") {
    offset_ms = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' && two_digits(zone, 1) &&
             two_digits(zone, 4)) {
    const int zone_hours = (zone[1] - '0') * 10 + (zone[2] - '0');
    const int zone_minutes = (zone[4] - '0') * 10 + (zone[5] - '0');
    if (zone_hours > 14 || zone_minutes > 59) return std::nullopt;
    offset_ms = (zone_hours * 60 + zone_minutes) * 60000LL * (zone[0] == '-' ? -1 : 1);
  } else if (!zone.empty()) {
    return std::nullopt;
  }
  const std::int64_t day_number = sys_days{*date}.time_since_epoch().count();
  return day_number * kDayMs + ((hours * 60 + minutes) * 60 + seconds) * 1000LL + millis - offset_ms;
}

year_month_day vietnam_date_of(std::int64_t unix_ms) {
  return year_month_day{sys_days{days{local_day_number(unix_ms)}}};
}

std::int64_t end_of_vietnam_day_ms(year_month_day date) {
  const std::int64_t day_number = sys_days{date}.time_since_epoch().count();
  return (day_number + 1) * kDayMs - kVietnamOffsetMs - 1;
}

std::string iso_date_text(year_month_day date) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return out;
}

std::string vietnam_date_text(std::int64_t unix_ms) {
  const auto date = vietnam_date_of(unix_ms);
  char out[16];
  std::snprintf(out, sizeof out, "%02u/%02u/%04d", static_cast<unsigned>(date.day()),
                static_cast<unsigned>(date.month()), static_cast<int>(date.year()));
  return out;
}

std::string vietnam_clock_text(std::int64_t unix_ms) {
  const auto of_day = (unix_ms + kVietnamOffsetMs) - local_day_number(unix_ms) * kDayMs;
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", static_cast<int>(of_day / 3600000), static_cast<int>(of_day / 60000 % 60));
  return out;
}

std::string vietnam_moment_text(std::int64_t unix_ms) {
  return vietnam_clock_text(unix_ms) + " ngày " + vietnam_date_text(unix_ms);
}

}  // namespace votercast::core
