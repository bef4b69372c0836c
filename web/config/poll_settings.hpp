#pragma once
// The [polls] table of the configuration: how a repeated vote counts, and how many votes
// one address may send (generous: carrier-grade NAT puts thousands of phones behind one).
#include <nlohmann/json.hpp>

#include "core/poll.hpp"

namespace votercast::web {

struct PollSettings {
  core::RevoteRule revote = core::RevoteRule::last;  // default for new polls
  double votes_per_ip_burst = 3000;                  // at once from one address…
  double votes_per_ip_per_second = 200;              // …then this many a second
  int results_per_second = 4;                        // live result updates (consoles, the poll on air)
};

// Throws std::runtime_error naming the key.
PollSettings parse_poll_settings(const nlohmann::json& j);

}  // namespace votercast::web
