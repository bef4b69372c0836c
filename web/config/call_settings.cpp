#include "web/config/call_settings.hpp"

#include <stdexcept>
#include <string>

#include "web/config/whole_number_setting.hpp"

namespace votercast::web {

CallSettings parse_call_settings(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("'calls' must be a table");
  CallSettings s;
  for (const auto& [name, value] : j.items()) {
    // Each connected caller will cost the programme a decoder: a 2-core machine holds a few.
    if (name == "max_calls") s.max_calls = static_cast<int>(whole_number_setting(value, "calls." + name, 1, 64));
    else if (name == "link_minutes") s.link_minutes = static_cast<int>(whole_number_setting(value, "calls." + name, 5, 1440));
    else throw std::runtime_error("unknown setting 'calls." + name + "'");
  }
  return s;
}

}  // namespace votercast::web
