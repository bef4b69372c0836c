#include "core/format/caller_json.hpp"

#include "core/clock.hpp"
#include "core/format/json_text.hpp"
#include "core/sms/phone_mask.hpp"

namespace votercast::core {

std::string caller_json_text(const Caller& c, PhoneView phones) {
  std::string alerts = "[";
  for (const auto& a : c.alerts) {
    if (alerts.size() > 1) alerts += ',';
    append_json_string(alerts, a);
  }
  alerts += ']';
  const bool masked = phones == PhoneView::masked && !c.phone.empty();
  auto optional_time = [](const std::optional<std::int64_t>& ms) {
    if (!ms) return std::string("null");
    std::string out;
    append_json_string(out, iso8601_utc(*ms));
    return out;
  };
  return JsonObjectText()
      .num("id", c.id)
      .num("show_id", c.show_id)
      .str("name", c.name)
      .str("area", c.area)
      .str("phone", masked ? sms::mask_phone(c.phone) : c.phone)
      .boolean("phone_masked", masked)
      .str("point", c.point)
      .str("topic", c.topic)
      .str("notes", c.notes)
      .raw("alerts", alerts)
      .str("state", to_string(c.state))
      .num("question_id", c.question_id)
      .num("previous_calls", c.previous_calls)
      .str("video", to_string(c.video))
      .num("version", c.version)
      .raw("on_air_at", optional_time(c.on_air_at_ms))
      .raw("ended_at", optional_time(c.ended_at_ms))
      .str("created_at", iso8601_utc(c.created_at_ms))
      .str("updated_at", iso8601_utc(c.updated_at_ms))
      .str("updated_by", c.updated_by)
      .finish();
}

}  // namespace votercast::core
