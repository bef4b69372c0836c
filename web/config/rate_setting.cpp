#include "web/config/rate_setting.hpp"

#include <stdexcept>

namespace votercast::web {

double positive_setting(const nlohmann::json& value, const std::string& key, double max) {
  if (!value.is_number()) throw std::runtime_error("'" + key + "' must be a number");
  const double v = value.get<double>();
  if (!(v > 0) || v > max) throw std::runtime_error("'" + key + "' must be above 0 and at most " + std::to_string(max));
  return v;
}

void parse_rate_setting(const nlohmann::json& value, const std::string& key, RateSetting& limit) {
  if (!value.is_object()) throw std::runtime_error("'" + key + "' must be a table { burst = N, per_second = N }");
  for (const auto& [name, v] : value.items()) {
    if (name == "burst") limit.burst = positive_setting(v, key + ".burst", 1e9);
    else if (name == "per_second") limit.per_second = positive_setting(v, key + ".per_second", 1e9);
    else throw std::runtime_error("unknown setting '" + key + "." + name + "'");
  }
}

}  // namespace votercast::web
