// After the show: the agencies' list of forwarded and answered questions, their
// answers, and the producer's "answered on air". An agency account sees and answers
// only its own agency's questions; it never reaches the live queue (/api/questions, /ws).
#include <string>

#include "core/clock.hpp"
#include "core/follow_up.hpp"
#include "core/format/json_text.hpp"
#include "core/format/question_json.hpp"
#include "core/store/question_table.hpp"
#include "core/vietnam_time.hpp"
#include "web/api/api_support.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::Permission;
using core::QuestionState;

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 500;

// The agency an agency account answers for; nullopt for the producer and admin,
// who act for any agency. An agency account without one (made before agencies
// were recorded) may do nothing here.
std::optional<std::string> own_agency(const core::User& user) {
  if (user.role != core::Role::agency) return std::nullopt;
  if (user.agency.empty())
    throw BadRequest(403, "no_agency",
                     "Tài khoản chưa gắn với cơ quan nào / this agency account names no agency: recreate it with "
                     "`votercast user add NAME --role agency --agency \"…\"`");
  return user.agency;
}

int positive_param(const Request& request, const char* name, int fallback, int max) {
  const auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return fallback;
  const auto value = id_param(it->second, name);
  if (value > max)
    throw BadRequest(400, std::string("bad_") + name,
                     std::string("'") + name + "' must be between 1 and " + std::to_string(max));
  return static_cast<int>(value);
}

// One question as the agency page shows it: the staff view, whether it is overdue,
// and its due date as the province's calendar has it.
std::string follow_up_json_text(const core::Question& q, std::int64_t now_ms) {
  core::JsonObjectText out;
  out.merge(core::staff_json_text(q)).boolean("overdue", core::is_overdue(q, now_ms));
  if (q.due_at_ms)
    out.str("due_date", core::iso_date_text(core::vietnam_date_of(*q.due_at_ms)));
  else
    out.raw("due_date", "null");
  return out.finish();
}

void list(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::answer, respond);
  if (!user) return;
  respond = phones_as_seen_by(*user, std::move(respond));
  core::store::FollowUpFilter filter;
  filter.now_ms = core::now_ms();
  const auto& query = request.query;
  if (auto it = query.find("state"); it != query.end() && !it->second.empty()) {
    if (it->second == "answered")
      filter.state = QuestionState::answered;
    else if (it->second != "forwarded")
      throw BadRequest(400, "unknown_state", "state must be 'forwarded' or 'answered'");
  }
  if (auto it = query.find("overdue"); it != query.end()) filter.overdue_only = it->second == "1" || it->second == "true";
  filter.agency = own_agency(*user);
  if (auto it = query.find("agency"); it != query.end() && !it->second.empty()) {
    if (filter.agency && *filter.agency != it->second)
      throw BadRequest(403, "other_agency", "Chỉ xem được câu hỏi của cơ quan mình / only your own agency's questions");
    filter.agency = it->second;
  }
  filter.limit = positive_param(request, "limit", kDefaultLimit, kMaxLimit);
  const int page = positive_param(request, "page", 1, 1000000);
  filter.offset = static_cast<std::int64_t>(page - 1) * filter.limit;
  const auto found = core::store::list_follow_up(app.reader, filter);
  std::string items = "[";
  for (const auto& q : found.questions) {
    if (items.size() > 1) items += ',';
    items += follow_up_json_text(q, filter.now_ms);
  }
  items += ']';
  respond(json_text_response(200, core::JsonObjectText()
                                      .raw("questions", items)
                                      .num("total", found.total)
                                      .num("page", page)
                                      .num("pages", (found.total + filter.limit - 1) / filter.limit)
                                      .raw("agency", filter.agency ? nlohmann::json(*filter.agency).dump() : "null")
                                      .str("now", core::iso8601_utc(filter.now_ms))
                                      .finish()));
}

void answer(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::answer, respond);
  if (!user) return;
  const auto id = id_param(request.path_params.at("id"), "id");
  const auto body = read_object(request);
  core::AnswerRequest r;
  r.id = id;
  r.version = required_int(body, "version");
  r.text = required_string(body, "text");
  r.agency = own_agency(*user);
  r.actor = user->name;
  app.question_desk.answer(std::move(r), question_reply(*user, std::move(respond)));
}

void answered_on_air(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::answer_on_air, respond);
  if (!user) return;
  const auto id = id_param(request.path_params.at("id"), "id");
  const auto body = read_object(request);
  core::OnAirAnswerRequest r;
  r.id = id;
  r.version = required_int(body, "version");
  r.text = optional_string(body, "text").value_or("");
  if (const auto at = optional_string(body, "at")) {
    r.at_ms = core::parse_iso_time(*at);
    if (!r.at_ms)
      throw BadRequest(400, "bad_time",
                       "'at' phải là thời điểm ISO 8601 / 'at' must be an ISO 8601 time (2026-11-27T20:15:00+07:00)");
  }
  r.actor = user->name;
  app.question_desk.answer_on_air(std::move(r), question_reply(*user, std::move(respond)));
}

}  // namespace

void add_follow_up_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/agency/questions", [&app](Request& r, Respond done) { list(app, r, std::move(done)); });
  router.add("POST", "/api/questions/{id}/answer", [&app](Request& r, Respond done) { answer(app, r, std::move(done)); });
  router.add("POST", "/api/questions/{id}/answered-on-air",
             [&app](Request& r, Respond done) { answered_on_air(app, r, std::move(done)); });
}

}  // namespace votercast::web
