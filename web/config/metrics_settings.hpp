#pragma once
// The [metrics] table: who may read /metrics. Its counters tell an attacker how the
// show is going (queue depth, refusals), so it is not for the public.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace votercast::web {

struct MetricsSettings {
  // A scraper sending "Authorization: Bearer TOKEN" is let in from anywhere. Empty: none.
  std::string token;
  // Addresses and networks let in without the token (the client's address, as
  // trusted_proxies tell it). Unset: loopback only; an empty list: nobody.
  std::optional<std::vector<std::string>> allow;
};

// Throws std::runtime_error naming the key.
MetricsSettings parse_metrics_settings(const nlohmann::json& j);

}  // namespace votercast::web
