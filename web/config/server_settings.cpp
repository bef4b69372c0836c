#include "web/config/server_settings.hpp"

#include <stdexcept>
#include <string>

#include "web/config/rate_setting.hpp"
#include "web/config/whole_number_setting.hpp"

namespace votercast::web {

ServerSettings parse_server_settings(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("'server' must be a table");
  ServerSettings s;
  const auto count = [](const nlohmann::json& value, const std::string& key) {
    return static_cast<std::size_t>(positive_setting(value, key, 1e6));
  };
  for (const auto& [name, value] : j.items()) {
    const std::string key = "server." + name;
    if (name == "max_connections") s.max_connections = count(value, key);
    else if (name == "staff_reserve") s.staff_reserve = static_cast<std::size_t>(whole_number_setting(value, key, 0, INT64_MAX));
    else if (name == "max_connections_per_address") s.max_connections_per_address = count(value, key);
    else if (name == "first_byte_timeout_seconds") s.first_byte_timeout_seconds = static_cast<int>(positive_setting(value, key, 300));
    else if (name == "max_streams_per_user") s.max_streams_per_user = count(value, key);
    else if (name == "max_streams") s.max_streams = count(value, key);
    else throw std::runtime_error("unknown setting '" + key + "'");
  }
  return s;
}

}  // namespace votercast::web
