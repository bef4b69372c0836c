#pragma once
// The [staff] table of the configuration: how long a staff login lasts. A session ends
// at session_hours after login, or sooner after session_idle_minutes without use, so a
// console left open in an empty studio does not stay signed in for the whole day.
#include <cstdint>

#include <nlohmann/json.hpp>

namespace votercast::web {

struct StaffSettings {
  int session_hours = 12;          // 1..24
  int session_idle_minutes = 120;  // 5..session_hours*60
  std::int64_t idle_limit_ms() const { return session_idle_minutes * 60 * 1000LL; }
};

// Reads [staff] over `s`. Throws std::runtime_error naming the key.
StaffSettings parse_staff_settings(const nlohmann::json& j, StaffSettings s);
// Throws std::runtime_error when a value is out of its range (checked after the whole file
// is read: the top-level session_hours of older files also lands here).
void check_staff_settings(const StaffSettings& s);

}  // namespace votercast::web
