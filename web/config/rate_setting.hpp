#pragma once
// A rate limit in the configuration: { burst = N, per_second = N } (a token bucket per key),
// and the positive numbers it is made of. Throw std::runtime_error naming the key.
#include <string>

#include <nlohmann/json.hpp>

namespace votercast::web {

struct RateSetting {
  double burst = 0;       // at once…
  double per_second = 0;  // …then this many a second
};

double positive_setting(const nlohmann::json& value, const std::string& key, double max);
// Only the members given change `limit`.
void parse_rate_setting(const nlohmann::json& value, const std::string& key, RateSetting& limit);

}  // namespace votercast::web
