#include "web/config/metrics_settings.hpp"

#include <stdexcept>

#include "web/net/ip_allow_list.hpp"

namespace votercast::web {

MetricsSettings parse_metrics_settings(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("'metrics' must be a table");
  MetricsSettings s;
  for (const auto& [name, value] : j.items()) {
    const std::string key = "metrics." + name;
    if (name == "token") {
      if (!value.is_string()) throw std::runtime_error("'" + key + "' must be a string");
      s.token = value.get<std::string>();
      if (!s.token.empty() && s.token.size() < 16)
        throw std::runtime_error("'" + key + "' must be at least 16 characters (or empty for none)");
    } else if (name == "allow") {
      std::vector<std::string> entries;
      if (!value.is_array()) throw std::runtime_error("'" + key + "' must be a list of strings");
      for (const auto& v : value) {
        if (!v.is_string()) throw std::runtime_error("'" + key + "' must be a list of strings");
        entries.push_back(v.get<std::string>());
      }
      IpAllowList check(entries);  // names a bad entry now, with the file
      s.allow = std::move(entries);
    } else {
      throw std::runtime_error("unknown setting '" + key + "'");
    }
  }
  return s;
}

}  // namespace votercast::web
