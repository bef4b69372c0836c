// The SMS votercast sends voters on its own (an answered question), for staff to check:
//   GET /api/sms/outbox?state=pending|sent|failed&limit=N   (producer and admin)
// -> {"messages": [...newest first], "counts": {"pending": n, "sent": n, "failed": n}}
#include <algorithm>

#include "core/clock.hpp"
#include "core/sms/outbound_message.hpp"
#include "core/store/sms_outbox_table.hpp"
#include "web/api/api_support.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;

nlohmann::json message_json(const core::sms::OutboxMessage& m) {
  auto time_or_null = [](std::optional<std::int64_t> ms) {
    return ms ? nlohmann::json(core::iso8601_utc(*ms)) : nlohmann::json(nullptr);
  };
  return {{"id", m.id},
          {"question_id", m.question_id ? nlohmann::json(m.question_id) : nlohmann::json(nullptr)},
          {"call_link_id", m.call_link_id ? nlohmann::json(*m.call_link_id) : nlohmann::json(nullptr)},
          {"purpose", m.purpose},
          {"gateway", m.gateway},
          {"to", m.to},
          {"text", m.text},
          {"state", core::sms::to_string(m.state)},
          {"attempts", m.attempts},
          {"next_attempt_at", m.state == core::sms::OutboxState::pending ? time_or_null(m.next_attempt_at_ms)
                                                                         : nlohmann::json(nullptr)},
          {"last_error", m.last_error},
          {"gateway_message_id", m.gateway_message_id},
          {"created_at", core::iso8601_utc(m.created_at_ms)},
          {"sent_at", time_or_null(m.sent_at_ms)}};
}

void list(AppContext& app, Request& request, Respond respond) {
  // Numbers and texts of voters: the producer's business (and the admin's), no one else's.
  const auto user = staff_user(app, request, core::Permission::view_phones, respond);
  if (!user) return;
  if (user->role != core::Role::producer && user->role != core::Role::admin)
    return respond(error_response(403, "forbidden", "Chỉ nhà sản xuất xem được / producers and admins only"));
  std::optional<core::sms::OutboxState> state;
  if (auto it = request.query.find("state"); it != request.query.end() && !it->second.empty()) {
    state = core::sms::parse_outbox_state(it->second);
    if (!state) throw BadRequest(400, "unknown_state", "state must be 'pending', 'sent' or 'failed'");
  }
  int limit = kDefaultLimit;
  if (auto it = request.query.find("limit"); it != request.query.end() && !it->second.empty())
    limit = static_cast<int>(std::min<std::int64_t>(id_param(it->second, "limit"), kMaxLimit));
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& m : core::store::list_outbox(app.reader, state, limit)) messages.push_back(message_json(m));
  nlohmann::json counts = {{"pending", 0}, {"sent", 0}, {"failed", 0}};
  for (const auto& [name, n] : core::store::count_outbox(app.reader)) counts[name] = n;
  respond(json_response(200, {{"messages", messages}, {"counts", counts}}));
}

}  // namespace

void add_sms_outbox_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/sms/outbox", [&app](Request& r, Respond done) { list(app, r, std::move(done)); });
}

}  // namespace votercast::web
