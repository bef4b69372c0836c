#pragma once
// The [retention] table of the configuration: how long the event log keeps what only a
// live console or a fresh copy of a question needs, once its show is closed
// (core/store/event_retention.hpp says what goes and what stays).
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/store/event_retention.hpp"
#include "core/store/phone_retention.hpp"

namespace votercast::web {

struct RetentionSettings {
  // Days after a show closes (and after the event itself); fractions allowed (0.5: 12 hours).
  // 0 keeps every event as it is, for ever.
  double events_days = 90;
  // Days after a show closes until its phone numbers are dropped (names stay: they were on
  // air); 0 keeps them. Fractions allowed.
  double phones_days = 90;
};

// Throws std::runtime_error naming the key.
RetentionSettings parse_retention_settings(const nlohmann::json& j);

// The store's policy, or nullopt when retention is off. replay_window: how many events a
// reconnecting console may be replayed (EventHub::kMaxReplay); twice that many of the
// newest are never touched, so a replay running while a prune commits meets none either.
std::optional<core::store::EventRetention> event_retention(const RetentionSettings& s, std::int64_t replay_window);

// The store's policy for phone numbers, or nullopt when they are kept (phones_days 0).
std::optional<core::store::PhoneRetention> phone_retention(const RetentionSettings& s);

}  // namespace votercast::web
