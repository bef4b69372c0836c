#pragma once
// The [polls] table of the configuration: how a repeated vote counts, and how many votes
// one address may send (generous: carrier-grade NAT puts thousands of phones behind one).
#include <nlohmann/json.hpp>

#include "core/poll.hpp"
#include "web/config/rate_setting.hpp"

namespace votercast::web {

struct PollSettings {
  core::RevoteRule revote = core::RevoteRule::last;  // default for new polls
  RateSetting votes_per_ip{3000, 200};               // at once from one address, then a second
  int results_per_second = 4;                        // live result updates (consoles, the poll on air)
};

// Throws std::runtime_error naming the key.
PollSettings parse_poll_settings(const nlohmann::json& j);

}  // namespace votercast::web
