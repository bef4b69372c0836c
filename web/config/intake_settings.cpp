#include "web/config/intake_settings.hpp"

#include <stdexcept>
#include <string>

namespace votercast::web {

IntakeSettings parse_intake_settings(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("'intake' must be a table");
  IntakeSettings s;
  for (const auto& [name, value] : j.items()) {
    const std::string key = "intake." + name;
    if (name == "questions_per_ip")
      parse_rate_setting(value, key, s.questions_per_ip);
    else if (name == "questions_per_device")
      parse_rate_setting(value, key, s.questions_per_device);
    else if (name == "store_queue_limit")
      s.store_queue_limit = static_cast<std::size_t>(positive_setting(value, key, 1e7));
    else if (name == "collapse_repeats") {
      if (!value.is_boolean()) throw std::runtime_error("'" + key + "' must be true or false");
      s.collapse_repeats = value.get<bool>();
    } else
      throw std::runtime_error("unknown setting '" + key + "'");
  }
  return s;
}

}  // namespace votercast::web
