// The settings file (web/config/config.hpp): TOML through toml++, or JSON, then every table
// read into Config. The input is parsed both ways. A bad file must be refused with
// std::runtime_error naming the problem, never another exception or a crash at start; a
// file taken must satisfy the checks load_config promises.
// fuzz-links: votercast_config
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "web/config/config.hpp"

namespace {

using namespace votercast::web;

void check_config(const Config& c) {
  FUZZ_CHECK(c.staff.session_hours >= 1 && c.staff.session_hours <= 24, std::to_string(c.staff.session_hours));
  FUZZ_CHECK(c.staff.session_idle_minutes >= 5 && c.staff.session_idle_minutes <= c.staff.session_hours * 60,
             std::to_string(c.staff.session_idle_minutes));
  FUZZ_CHECK(c.ws_queue_limit >= 4, std::to_string(c.ws_queue_limit));
  FUZZ_CHECK(c.ws_heartbeat_seconds >= 1 && c.ws_heartbeat_seconds <= 3600, std::to_string(c.ws_heartbeat_seconds));
  FUZZ_CHECK(c.follow_up_due_days >= 0 && c.follow_up_due_days <= 365, std::to_string(c.follow_up_due_days));
  FUZZ_CHECK(c.calls.max_calls >= 1 && c.calls.max_calls <= 64, std::to_string(c.calls.max_calls));
  FUZZ_CHECK(c.calls.layout == "pip" || c.calls.layout == "side_by_side", c.calls.layout);
  FUZZ_CHECK(c.calls.link_minutes >= 5 && c.calls.link_minutes <= 1440, std::to_string(c.calls.link_minutes));
  FUZZ_CHECK(c.calls.stun_server.empty() || c.calls.stun_server.starts_with("stun://"), c.calls.stun_server);
  FUZZ_CHECK(c.calls.turn_server.empty() || c.calls.turn_server.starts_with("turn://") ||
                 c.calls.turn_server.starts_with("turns://"),
             c.calls.turn_server);
  FUZZ_CHECK(c.durability == "full" || c.durability == "normal", c.durability);
  FUZZ_CHECK(c.retention.events_days >= 0 && c.retention.events_days <= 36500, "events_days");
  FUZZ_CHECK(c.retention.phones_days >= 0 && c.retention.phones_days <= 36500, "phones_days");
  for (const RateSetting* rate : {&c.intake.questions_per_ip, &c.intake.questions_per_device})
    FUZZ_CHECK(rate->burst > 0 && rate->per_second > 0, "a rate limit that lets nothing through");
  IpAllowList check(c.trusted_proxies);  // named entries were checked when read
  (void)event_retention(c.retention, 1000);
  (void)phone_retention(c.retention);
  (void)overlay_url(c, "token");
}

// A whole number in the file is taken as written or refused, never wrapped into another one
// (port = 70000 must not listen on 4464). Checked where the file is JSON, read here again.
void check_numbers_as_written(std::string_view text, const Config& c) {
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return;
  const auto written = [&](const nlohmann::json& table, const char* key, long double taken) {
    const auto it = table.find(key);
    if (it == table.end() || !it->is_number()) return;
    const long double value = it->is_number_unsigned()  ? static_cast<long double>(it->get<std::uint64_t>())
                              : it->is_number_integer() ? static_cast<long double>(it->get<std::int64_t>())
                                                        : static_cast<long double>(it->get<double>());
    FUZZ_CHECK(value == taken, std::string(key) + " = " + it->dump() + " taken as " + std::to_string(static_cast<double>(taken)));
  };
  written(j, "port", c.port);
  written(j, "ws_queue_limit", static_cast<long double>(c.ws_queue_limit));
  written(j, "ws_heartbeat_seconds", c.ws_heartbeat_seconds);
  written(j, "follow_up_due_days", c.follow_up_due_days);
  if (const auto staff = j.find("staff"); staff != j.end() && staff->is_object()) {
    written(*staff, "session_hours", c.staff.session_hours);
    written(*staff, "session_idle_minutes", c.staff.session_idle_minutes);
  }
}

void parse_as(std::string_view text, const std::string& path) {
  Config config;
  try {
    config = parse_config(text, path);
  } catch (const std::runtime_error& e) {
    FUZZ_CHECK(std::string(e.what()).find(path) != std::string::npos, "the error does not name the file: " + std::string(e.what()));
    return;
  }
  check_config(config);
  if (path.ends_with(".json")) check_numbers_as_written(text, config);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  parse_as(text, "votercast.toml");
  parse_as(text, "votercast.json");
  return 0;
}
