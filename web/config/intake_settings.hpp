#pragma once
// The [intake] table of the configuration: how much one address may submit, and how far
// the store may fall behind before public intake is refused (and waits at the gateways)
// rather than piling up in memory.
#include <cstddef>

#include <nlohmann/json.hpp>

#include "web/config/rate_setting.hpp"

namespace votercast::web {

struct IntakeSettings {
  // Questions from one address (as trusted_proxies tell it). Generous: carrier-grade NAT
  // puts many phones behind one address, and a whole province's evening of questions is
  // a few thousand; a script at full speed is thousands a second.
  RateSetting questions_per_ip{300, 5};
  // Questions from one device (the voter page's signed cookie), asked before the address's
  // bucket: behind one address, a device that keeps asking runs out of its own tokens,
  // not its neighbours'. A voter asks a few questions in an evening; 20 at once, then one
  // every 5 s, is more than any hand types.
  RateSetting questions_per_device{20, 0.2};
  // Writer jobs waiting beyond which a voter's question gets 503 + Retry-After at once.
  // Staff actions are never refused for this.
  std::size_t store_queue_limit = 5000;
  // One voter's repeats of a question within minutes are stored merged into the first and
  // flagged spam (core/desk/sender_repeats.hpp), the voter known by the voter page's device
  // cookie, else by the address. Off: every question from the page stands on its own.
  bool collapse_repeats = true;
};

// Throws std::runtime_error naming the key.
IntakeSettings parse_intake_settings(const nlohmann::json& j);

}  // namespace votercast::web
