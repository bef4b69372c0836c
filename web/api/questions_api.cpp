// The question queue: public submission and ticket status; staff listing,
// detail, transitions, edits and merges.
#include <string>

#include "core/agency_names.hpp"
#include "core/errors.hpp"
#include "core/follow_up.hpp"
#include "core/clock.hpp"
#include "core/intake.hpp"
#include "core/format/json_text.hpp"
#include "core/format/question_json.hpp"
#include "core/store/event_log.hpp"
#include "core/store/question_table.hpp"
#include "core/text.hpp"
#include "core/ticket_code.hpp"
#include "web/api/api_support.hpp"
#include "web/live/poll_room.hpp"
#include "web/pages/voter_pages.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::Permission;
using core::QuestionState;

Permission permission_for(QuestionState to) {
  switch (to) {
    case QuestionState::approved:
    case QuestionState::rejected:
    case QuestionState::merged: return Permission::moderate;
    case QuestionState::queued: return Permission::build_rundown;
    case QuestionState::on_air:
    case QuestionState::aired: return Permission::take_to_air;
    case QuestionState::forwarded: return Permission::forward;
    case QuestionState::answered: return Permission::answer;
    case QuestionState::pending: break;
  }
  return Permission::manage_users;  // nothing goes back to pending
}

core::QuestionState state_param(const std::string& name) {
  auto state = core::parse_question_state(name);
  if (!state) throw BadRequest(400, "unknown_state", "Trạng thái không hợp lệ / unknown state '" + name + "'");
  return *state;
}

bool wants_page(const Request& request) {
  return is_form(request) && request.header("accept").find("text/html") != std::string_view::npos;
}

// The no-JS form's refusals are pages too, with the same message as the JSON error.
Respond refusals_as_pages(Respond respond) {
  return [respond = std::move(respond)](Response r) {
    if (r.status < 400 || !r.content_type.starts_with("application/json")) return respond(std::move(r));
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    std::string message = "Có lỗi, vui lòng thử lại / something went wrong";
    if (body.is_object() && body.contains("error") && body["error"].value("message", "") != "")
      message = body["error"]["message"].get<std::string>();
    auto page = voter_error_page(r.status, message);
    for (auto& header : r.headers)
      if (header.first == "Retry-After") page.headers.push_back(header);
    respond(std::move(page));
  };
}

Response intake_paused_response() {
  auto r = error_response(503, "intake_paused",
                          "Chương trình đang tạm ngừng nhận câu hỏi. Xin cảm ơn và mời bạn gửi lại sau ít phút. "
                          "/ The programme is not taking questions right now; please try again in a few minutes.");
  r.headers.emplace_back("Retry-After", "60");
  return r;
}

// What a voter's question meets before it is stored, nullopt to go on: not from another
// site's page (which could make each of its visitors ask, each from another address, past
// every per-address limit), intake not paused, and the address's limit and the store's lag
// (IntakeGuard). Staff typing a caller's question never meet it. `device`: the voter page's
// device id, when the request carries a valid cookie.
std::optional<Response> voters_door(AppContext& app, const Request& request, const std::optional<std::string>& device) {
  if (!same_origin(request, app.config.public_url))
    return error_response(403, "cross_origin",
                          "Câu hỏi gửi từ trang khác bị từ chối / a question sent from another site is refused");
  if (app.intake.paused) return intake_paused_response();
  return app.intake_guard.refuse(request.remote_ip, device);
}

void submit_question(AppContext& app, Request& request, Respond respond, bool page) {
  // Only staff have a session; a request without one is a voter's, and meets the door
  // before its body is read, so that a refusal costs little more than the transport.
  const bool may_be_staff = session_token(request).has_value();
  // Its signature checked once: for the device's bucket and for knowing its repeats.
  const auto device = app.poll_room.device_of(request);
  if (!may_be_staff) {
    if (auto refusal = voters_door(app, request, device)) return respond(std::move(*refusal));
  }
  const auto body = read_object(request);
  core::Submission s;
  s.text = required_string(body, "text");
  s.name = optional_string(body, "name").value_or("");
  s.phone = optional_string(body, "phone").value_or("");
  s.area = optional_string(body, "area").value_or("");
  s.topic = optional_string(body, "topic").value_or("");
  s.publish_name = optional_bool(body, "publish_name").value_or(false);
  std::string actor = "voter";
  if (auto channel = optional_string(body, "channel"); channel && *channel != "web") {
    // Call-ins and staff-typed questions come from logged-in staff only.
    auto parsed = core::parse_channel(*channel);
    if (!parsed) throw BadRequest(400, "unknown_channel", "unknown channel '" + *channel + "'");
    auto user = staff_user(app, request, Permission::moderate, respond);
    if (!user) return;
    s.channel = *parsed;
    actor = user->name;
  } else if (may_be_staff) {  // a session, but a voter's question all the same
    if (auto refusal = voters_door(app, request, device)) return respond(std::move(*refusal));
  }
  // Who asks, to know a voter's repeats (core/desk/sender_repeats.hpp): the device the
  // voter page gave, else the address; staff typing call-ins are not one sender.
  std::string sender;
  if (actor == "voter" && app.config.intake.collapse_repeats) {
    sender = device ? "device:" + *device : "ip:" + request.remote_ip;
  }
  auto question = core::prepare_question(s, core::now_ms());
  app.question_desk.submit(std::move(question), actor,
                  [respond = std::move(respond), page](std::exception_ptr error, core::Question q) {
                    if (error) return respond(response_for(error));
                    if (page) return respond(submitted_page(q));
                    respond(json_text_response(
                        201, core::JsonObjectText().num("id", q.id).str("ticket", q.ticket).str("state", core::to_string(q.state)).finish()));
                  },
                  std::move(sender));
}

void submit(AppContext& app, Request& request, Respond respond) {
  if (!wants_page(request)) return submit_question(app, request, std::move(respond), false);
  auto page_respond = refusals_as_pages(std::move(respond));
  try {
    submit_question(app, request, page_respond, true);
  } catch (...) {
    page_respond(response_for(std::current_exception()));
  }
}

// The look-up form on the voter page asks for /t/?ticket=CODE.
void ticket_lookup(Request& request, Respond respond) {
  const auto it = request.query.find("ticket");
  const auto code = it == request.query.end() ? std::nullopt : core::canonical_ticket_code(it->second);
  if (!code) return respond(ticket_not_found_page(it == request.query.end() ? "" : it->second));
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", "/t/" + *code);
  respond(std::move(r));
}

void ticket_page_route(AppContext& app, Request& request, Respond respond) {
  const auto& typed = request.path_params.at("ticket");
  if (typed.empty()) return ticket_lookup(request, std::move(respond));  // "/t/?ticket=…"
  const auto code = core::canonical_ticket_code(typed);
  const auto q = code ? core::store::load_question_by_ticket(app.reader, app.tickets, *code) : std::nullopt;
  respond(q ? ticket_page(*q) : ticket_not_found_page(typed));
}

void ticket_status(AppContext& app, Request& request, Respond respond) {
  const auto code = core::canonical_ticket_code(request.path_params.at("ticket"));
  if (!code) throw BadRequest(400, "bad_ticket", "Mã theo dõi không hợp lệ / that is not a ticket code");
  const auto q = core::store::load_question_by_ticket(app.reader, app.tickets, *code);
  if (!q) return respond(error_response(404, "ticket_not_found", "Không tìm thấy mã này / no question has this ticket"));
  respond(json_text_response(200, core::public_ticket_json_text(*q)));
}

void list(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::view_queue, respond);
  if (!user) return;
  respond = phones_as_seen_by(*user, std::move(respond));
  core::store::QuestionFilter filter;
  const auto& query = request.query;
  if (auto it = query.find("state"); it != query.end() && !it->second.empty()) filter.state = state_param(it->second);
  if (auto it = query.find("topic"); it != query.end() && !it->second.empty()) filter.topic = it->second;
  if (auto it = query.find("q"); it != query.end() && !it->second.empty()) {
    if (!core::text::is_valid_utf8(it->second)) throw BadRequest(400, "invalid_utf8", "q is not valid UTF-8");
    filter.folded_search = core::text::fold_key(it->second);
  }
  if (auto it = query.find("after"); it != query.end() && !it->second.empty())
    filter.after_id = it->second == "0" ? 0 : id_param(it->second, "after");
  if (auto it = query.find("limit"); it != query.end() && !it->second.empty()) {
    filter.limit = static_cast<int>(id_param(it->second, "limit"));
    if (filter.limit > 500) throw BadRequest(400, "bad_limit", "limit must be between 1 and 500");
  }
  if (auto it = query.find("show"); it != query.end() && !it->second.empty()) {
    if (it->second == "waiting")
      filter.waiting_only = true;
    else
      filter.show_id = id_param(it->second, "show");
  }
  // A text search here reads every row of the show: on the staff read thread, like the
  // queue's pages, never on the network thread.
  auto read = [filter](core::store::Database& db) {
    const auto questions = core::store::list_questions(db, filter);
    std::optional<std::int64_t> next;
    if (static_cast<int>(questions.size()) == filter.limit) next = questions.back().id;
    return core::JsonObjectText()
        .raw("questions", json_array_text(questions, core::staff_json_text))
        .num("next_after", next)
        .finish();
  };
  auto reply = [respond](std::exception_ptr error, std::string body) {
    respond(error ? response_for(error) : json_text_response(200, std::move(body)));
  };
  if (!app.staff_reads.read<std::string>(read, std::move(reply))) respond(staff_reads_busy());
}

void detail(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::view_queue, respond);
  if (!user) return;
  respond = phones_as_seen_by(*user, std::move(respond));
  const auto id = id_param(request.path_params.at("id"), "id");
  const auto q = core::store::load_question(app.reader, id);
  if (!q) return respond(error_response(404, "question_not_found", "Không tìm thấy câu hỏi / no such question"));
  auto out = core::staff_json(*q);
  nlohmann::json history = nlohmann::json::array();
  for (const auto& e : core::store::question_history(app.reader, id)) {
    auto entry = core::to_json(e);
    entry.erase("question");  // the full copy at each step is noise here
    history.push_back(std::move(entry));
  }
  out["history"] = std::move(history);
  nlohmann::json next = nlohmann::json::array();
  for (auto s : core::next_states(q->state)) next.push_back(core::to_string(s));
  out["next_states"] = std::move(next);
  respond(json_response(200, out));
}

// A question may be forwarded only to a configured agency: an agency account sees exactly
// the questions that name it. An empty name (an edit clearing it) passes.
std::optional<std::string> agency_param(const AppContext& app, const nlohmann::json& body) {
  auto given = optional_string(body, "agency");
  if (!given) return given;
  if (core::text::is_valid_utf8(*given) && core::text::normalize(*given).empty()) return std::string{};
  if (auto name = core::configured_agency(*given, app.config.agencies)) return name;
  std::string known;
  for (const auto& a : app.config.agencies) known += (known.empty() ? "" : "; ") + a;
  throw BadRequest(400, "unknown_agency",
                   "Cơ quan không có trong danh sách / not one of the configured agencies: " + known);
}

void transition(AppContext& app, Request& request, Respond respond) {
  // Signed in first; which permission it takes depends on the state asked for.
  auto user = staff_user(app, request, std::nullopt, respond);
  if (!user) return;
  const auto id = id_param(request.path_params.at("id"), "id");
  const auto body = read_object(request);
  const auto to = state_param(required_string(body, "to"));
  core::TransitionRequest r;
  r.id = id;
  r.to = to;
  r.version = required_int(body, "version");
  r.into = optional_int(body, "into");
  r.agency = agency_param(app, body);
  r.reason = optional_string(body, "reason");
  const auto due_date = optional_string(body, "due_date");
  if (to == QuestionState::forwarded)
    r.due_at_ms = core::due_at_for(due_date, app.config.follow_up_due_days, core::now_ms());
  else if (due_date)
    throw BadRequest(400, "unexpected_due_date", "due_date goes with \"to\": \"forwarded\" only");
  if (!core::role_may(user->role, permission_for(to))) return respond(forbidden_for(user->role));
  r.actor = user->name;
  app.question_desk.transition(std::move(r), question_reply(*user, std::move(respond)));
}

void edit(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::moderate, respond);
  if (!user) return;
  const auto id = id_param(request.path_params.at("id"), "id");
  const auto body = read_object(request);
  core::EditRequest r;
  r.id = id;
  r.version = required_int(body, "version");
  r.on_air_text = optional_string(body, "on_air_text");
  r.topic = optional_string(body, "topic");
  r.agency = agency_param(app, body);
  r.area = optional_string(body, "area");
  r.name = optional_string(body, "name");
  r.actor = user->name;
  app.question_desk.edit(std::move(r), question_reply(*user, std::move(respond)));
}

void merge(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::moderate, respond);
  if (!user) return;
  const auto id = id_param(request.path_params.at("id"), "id");
  const auto body = read_object(request);
  const auto into = required_int(body, "into");
  const auto version = required_int(body, "version");
  app.question_desk.merge(id, into, version, user->name, question_reply(*user, std::move(respond)));
}

}  // namespace

void add_question_routes(Router& router, AppContext& app) {
  router.add("POST", "/api/questions", [&app](Request& r, Respond done) { submit(app, r, std::move(done)); });
  router.add("GET", "/api/tickets/{ticket}", [&app](Request& r, Respond done) { ticket_status(app, r, std::move(done)); });
  router.add("GET", "/t/{ticket}", [&app](Request& r, Respond done) { ticket_page_route(app, r, std::move(done)); });
  router.add("GET", "/t", [](Request& r, Respond done) { ticket_lookup(r, std::move(done)); });
  router.add("GET", "/api/questions", [&app](Request& r, Respond done) { list(app, r, std::move(done)); });
  router.add("GET", "/api/questions/{id}", [&app](Request& r, Respond done) { detail(app, r, std::move(done)); });
  router.add("PATCH", "/api/questions/{id}", [&app](Request& r, Respond done) { edit(app, r, std::move(done)); });
  router.add("POST", "/api/questions/{id}/transition",
             [&app](Request& r, Respond done) { transition(app, r, std::move(done)); });
  router.add("POST", "/api/questions/{id}/merge", [&app](Request& r, Respond done) { merge(app, r, std::move(done)); });
}

}  // namespace votercast::web
