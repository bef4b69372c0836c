#include "web/config/retention_settings.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace votercast::web {
namespace {

constexpr double kMaxDays = 36500;  // a century: past that, 0 (keep for ever) is what is meant
constexpr double kDayMs = 24.0 * 3600 * 1000;

}  // namespace

RetentionSettings parse_retention_settings(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("'retention' must be a table");
  RetentionSettings s;
  for (const auto& [name, value] : j.items()) {
    const std::string key = "retention." + name;
    if (name == "events_days" || name == "phones_days") {
      const double days = value.is_number() ? value.get<double>() : -1;
      if (!std::isfinite(days) || days < 0 || days > kMaxDays)
        throw std::runtime_error("'" + key + "' must be a number of days from 0 to 36500 (0 keeps " +
                                 (name == "events_days" ? "every event" : "the numbers") +
                                 "; fractions allowed, 0.5 is 12 hours)");
      (name == "events_days" ? s.events_days : s.phones_days) = days;
    } else {
      throw std::runtime_error("unknown setting '" + key + "'");
    }
  }
  return s;
}

std::optional<core::store::EventRetention> event_retention(const RetentionSettings& s, std::int64_t replay_window) {
  if (s.events_days <= 0) return std::nullopt;
  core::store::EventRetention r;
  r.max_age_ms = std::llround(s.events_days * kDayMs);
  r.keep_newest = 2 * replay_window;
  return r;
}

std::optional<core::store::PhoneRetention> phone_retention(const RetentionSettings& s) {
  if (s.phones_days <= 0) return std::nullopt;
  core::store::PhoneRetention r;
  r.max_age_ms = std::llround(s.phones_days * kDayMs);
  return r;
}

}  // namespace votercast::web
