#include "web/config/poll_settings.hpp"

#include <stdexcept>
#include <string>

namespace votercast::web {
namespace {

double positive(const nlohmann::json& value, const std::string& key, double max) {
  if (!value.is_number()) throw std::runtime_error("'" + key + "' must be a number");
  const double v = value.get<double>();
  if (!(v > 0) || v > max) throw std::runtime_error("'" + key + "' must be above 0 and at most " + std::to_string(max));
  return v;
}

}  // namespace

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
      if (!value.is_object()) throw std::runtime_error("'" + key + "' must be a table { burst = N, per_second = N }");
      for (const auto& [limit, v] : value.items()) {
        if (limit == "burst") s.votes_per_ip_burst = positive(v, key + ".burst", 1e9);
        else if (limit == "per_second") s.votes_per_ip_per_second = positive(v, key + ".per_second", 1e9);
        else throw std::runtime_error("unknown setting '" + key + "." + limit + "'");
      }
    } else if (name == "results_per_second") {
      s.results_per_second = static_cast<int>(positive(value, key, 25));
    } else {
      throw std::runtime_error("unknown setting '" + key + "'");
    }
  }
  return s;
}

}  // namespace votercast::web
