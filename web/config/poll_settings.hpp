#pragma once
// The [polls] table of the configuration: how a repeated vote counts, how many votes
// one address may send (generous: carrier-grade NAT puts thousands of phones behind one),
// and how long a voter's device cookie is good for.
#include <nlohmann/json.hpp>

#include "core/poll.hpp"
#include "web/config/rate_setting.hpp"

namespace votercast::web {

struct PollSettings {
  core::RevoteRule revote = core::RevoteRule::last;  // default for new polls
  RateSetting votes_per_ip{3000, 200};               // at once from one address, then a second
  int results_per_second = 4;                        // live result updates (consoles, the poll on air)
  // A device cookie older than this is refused (the voter page gives a new one): a show's
  // length, so that cookies stocked up before or during one are worthless at the next.
  double device_lifetime_seconds = 12 * 3600;
};

// Throws std::runtime_error naming the key.
PollSettings parse_poll_settings(const nlohmann::json& j);

}  // namespace votercast::web
