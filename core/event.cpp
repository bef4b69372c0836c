#include "core/event.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/format/json_text.hpp"

namespace votercast::core {

std::string event_json_text(const Event& event) {
  return JsonObjectText()
      .num("seq", event.seq)
      .str("type", event.type)
      .str("at", iso8601_utc(event.at_ms))
      .str("actor", event.actor)
      .merge(event.payload)
      .finish();
}

nlohmann::json to_json(const Event& event) { return nlohmann::json::parse(event_json_text(event)); }

}  // namespace votercast::core
