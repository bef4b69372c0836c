#pragma once
// One entry of the event log: every committed change, in strictly increasing seq.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace votercast::core {

struct Event {
  std::int64_t seq = 0;
  std::int64_t at_ms = 0;
  std::string actor;  // user name, "voter", "sms", "cli"
  std::string type;   // question.created, question.updated, show.opened, ...
  std::optional<std::int64_t> question_id;
  std::string payload = "{}";  // a serialized JSON object, stored and sent as it is
};

// {"seq","type","at","actor", ...payload members}: the frame the consoles receive.
std::string event_json_text(const Event& event);
nlohmann::json to_json(const Event& event);

}  // namespace votercast::core
