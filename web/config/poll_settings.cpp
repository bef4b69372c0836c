#include "web/config/poll_settings.hpp"

#include <stdexcept>
#include <string>

namespace votercast::web {

PollSettings parse_poll_settings(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("'polls' must be a table");
  PollSettings s;
  for (const auto& [name, value] : j.items()) {
    const std::string key = "polls." + name;
    if (name == "revote") {
      const auto rule = value.is_string() ? core::parse_revote_rule(value.get<std::string>()) : std::nullopt;
      if (!rule) throw std::runtime_error("'" + key + "' must be \"last\" (a new vote replaces the earlier one) or \"first\"");
      s.revote = *rule;
    } else if (name == "votes_per_ip") {
      parse_rate_setting(value, key, s.votes_per_ip);
    } else if (name == "results_per_second") {
      s.results_per_second = static_cast<int>(positive_setting(value, key, 25));
    } else if (name == "device_lifetime_seconds") {
      s.device_lifetime_seconds = positive_setting(value, key, 30 * 24 * 3600);
    } else {
      throw std::runtime_error("unknown setting '" + key + "'");
    }
  }
  return s;
}

}  // namespace votercast::web
