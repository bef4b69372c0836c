#include "web/config/staff_settings.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

#include "web/config/whole_number_setting.hpp"

namespace votercast::web {

StaffSettings parse_staff_settings(const nlohmann::json& j, StaffSettings s) {
  if (!j.is_object()) throw std::runtime_error("'staff' must be a table");
  for (const auto& [name, value] : j.items()) {
    // Their ranges depend on each other: check_staff_settings says what they must be.
    if (name == "session_hours") s.session_hours = static_cast<int>(whole_number_setting(value, "staff." + name, INT32_MIN, INT32_MAX));
    else if (name == "session_idle_minutes") s.session_idle_minutes = static_cast<int>(whole_number_setting(value, "staff." + name, INT32_MIN, INT32_MAX));
    else throw std::runtime_error("unknown setting 'staff." + name + "'");
  }
  return s;
}

void check_staff_settings(const StaffSettings& s) {
  // Past a day a stolen cookie is worth too much; under an hour a live show logs out.
  if (s.session_hours < 1 || s.session_hours > 24)
    throw std::runtime_error("staff.session_hours must be between 1 and 24 (got " + std::to_string(s.session_hours) +
                             ")");
  if (s.session_idle_minutes < 5 || s.session_idle_minutes > s.session_hours * 60)
    throw std::runtime_error("staff.session_idle_minutes must be between 5 and session_hours × 60 = " +
                             std::to_string(s.session_hours * 60) + " (got " +
                             std::to_string(s.session_idle_minutes) + ")");
}

}  // namespace votercast::web
