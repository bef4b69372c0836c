// Viewers' polls: the producer prepares, opens and closes them; viewers vote from the
// voter page (one vote per device) and by SMS (sms_intake.cpp); the control room puts
// the results on air, where the bars follow the counts.
#include <string>

#include <nlohmann/json.hpp>

#include "core/format/json_text.hpp"
#include "core/desk/poll_desk.hpp"
#include "core/format/poll_json.hpp"
#include "core/store/poll_table.hpp"
#include "core/store/show_table.hpp"
#include "web/api/api_support.hpp"
#include "web/api/scene_change.hpp"
#include "web/live/poll_room.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::Permission;

std::vector<core::PollChoice> options_of(const nlohmann::json& body) {
  const auto it = body.find("options");
  if (it == body.end() || !it->is_array())
    throw BadRequest(400, "bad_options", "'options' must be a list of {\"code\", \"label\"}");
  std::vector<core::PollChoice> out;
  for (const auto& o : *it) {
    if (!o.is_object()) throw BadRequest(400, "bad_options", "'options' must be a list of {\"code\", \"label\"}");
    out.push_back({required_string(o, "code"), required_string(o, "label")});
  }
  return out;
}

std::optional<core::RevoteRule> revote_of(const nlohmann::json& body) {
  const auto name = optional_string(body, "revote");
  if (!name) return std::nullopt;
  const auto rule = core::parse_revote_rule(*name);
  if (!rule) throw BadRequest(400, "bad_revote", "'revote' must be \"last\" or \"first\"");
  return rule;
}

std::string poll_text(AppContext& app, const core::Poll& p) { return core::poll_json_text(p, app.poll_room.counts(p.id)); }

core::Reply<core::Poll> reply_poll(AppContext& app, Respond respond, int status) {
  return [&app, respond = std::move(respond), status](std::exception_ptr error, core::Poll p) {
    if (error) return respond(response_for(error));
    app.poll_room.track_new(p.id);
    respond(json_text_response(status, poll_text(app, p)));
  };
}

void list(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, Permission::view_queue, respond)) return;
  std::optional<std::int64_t> show_id;
  if (auto it = request.query.find("show"); it != request.query.end() && !it->second.empty())
    show_id = id_param(it->second, "show");
  else if (auto show = core::store::open_show(app.reader))
    show_id = show->id;
  const auto polls = core::store::list_polls(app.reader, show_id);
  respond(json_text_response(
      200, "{\"polls\":" + json_array_text(polls, [&app](const core::Poll& p) { return poll_text(app, p); }) + "}"));
}

void create(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::manage_show, respond);
  if (!user) return;
  const auto body = read_object(request);
  core::PollDraft draft{required_string(body, "title"), options_of(body), revote_of(body)};
  app.poll_desk.create(std::move(draft), user->name, reply_poll(app, std::move(respond), 201));
}

void edit(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::manage_show, respond);
  if (!user) return;
  const auto body = read_object(request);
  core::PollEdit e;
  e.id = id_param(request.path_params.at("id"), "id");
  e.version = required_int(body, "version");
  e.title = optional_string(body, "title");
  if (body.contains("options")) e.options = options_of(body);
  e.revote = revote_of(body);
  e.actor = user->name;
  app.poll_desk.edit(std::move(e), reply_poll(app, std::move(respond), 200));
}

void open_or_close(AppContext& app, Request& request, Respond respond, bool open) {
  const auto user = staff_user(app, request, Permission::manage_show, respond);
  if (!user) return;
  const auto body = read_object(request);
  const auto id = id_param(request.path_params.at("id"), "id");
  const auto version = required_int(body, "version");
  if (open)
    app.poll_desk.open(id, version, user->name, reply_poll(app, std::move(respond), 200));
  else
    app.poll_desk.close(id, version, user->name, reply_poll(app, std::move(respond), 200));
}

// The poll on the programme: shown with its live counts, hidden, or frozen as final.
void on_air(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::take_to_air, respond);
  if (!user) return;
  const auto body = read_object(request);
  const auto id = id_param(request.path_params.at("id"), "id");
  const auto visible = body.find("visible");
  if (visible == body.end() || !visible->is_boolean())
    throw BadRequest(400, "missing_field", "'visible' (true or false) is required");
  const auto final = body.find("final");
  if (final != body.end() && !final->is_boolean()) throw BadRequest(400, "wrong_type", "'final' must be true or false");
  const auto poll = core::store::load_poll(app.reader, id);
  if (!poll) return respond(error_response(404, "poll_not_found", "Không tìm thấy cuộc bình chọn / no such poll"));
  // A draft has no votes and may still change: nothing to show the viewers yet.
  if (visible->get<bool>() && poll->state == core::PollState::draft)
    return respond(error_response(409, "poll_not_open",
                                  "Cuộc bình chọn chưa mở, chưa thể lên sóng / open the poll before putting it on air"));
  app.poll_room.show_on_air(*poll, visible->get<bool>(), final != body.end() && final->get<bool>());
  log_scene_change(app, user->name, "poll", [respond = std::move(respond)](std::exception_ptr error, std::string text) {
    if (error) return respond(response_for(error));
    respond(json_text_response(200, std::move(text)));
  });
}

// For the voter page: the poll open now (or, between polls, the show's last one with its
// final result), and this device's vote in it. A first visit gets its device cookie here.
void current(AppContext& app, Request& request, Respond respond) {
  auto device = app.poll_room.device_of(request);
  Response r;
  if (!device) {
    auto [id, cookie] = app.poll_room.new_device();
    device = id;
    r.headers.emplace_back("Set-Cookie", cookie);
  }
  r.headers.emplace_back("Cache-Control", "no-store");
  auto poll = core::store::current_open_poll(app.reader);
  if (!poll)
    if (const auto show = core::store::open_show(app.reader)) poll = core::store::latest_closed_poll(app.reader, show->id);
  std::optional<std::string> mine;
  if (poll) mine = core::store::vote_of(app.reader, poll->id, "web:" + *device);
  std::string my_vote = "null";
  if (mine) {
    my_vote.clear();
    core::append_json_string(my_vote, *mine);
  }
  r.body = core::JsonObjectText().raw("poll", poll ? poll_text(app, *poll) : "null").raw("my_vote", my_vote).finish();
  respond(std::move(r));
}

Response voted_page_redirect() {
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", "/#binh-chon");
  return r;
}

void vote(AppContext& app, Request& request, Respond respond) {
  // Another site's page must not make its visitors vote (each would be a new device).
  if (!same_origin(request, app.config.public_url))
    return respond(error_response(403, "cross_origin",
                                  "Bình chọn từ trang khác bị từ chối / a vote sent from another site is refused"));
  const auto body = read_object(request);
  core::Vote v;
  v.poll_id = id_param(request.path_params.at("id"), "id");
  v.typed = required_string(body, "option");
  v.channel = "web";
  if (!app.poll_room.admit_vote(request.remote_ip)) {
    auto r = error_response(429, "too_many_votes",
                            "Quá nhiều lượt bình chọn từ địa chỉ này, xin thử lại sau giây lát / too many votes from "
                            "this address, try again in a moment");
    r.headers.emplace_back("Retry-After", "1");
    return respond(std::move(r));
  }
  std::string set_cookie;
  auto device = app.poll_room.device_of(request);
  if (!device) std::tie(device, set_cookie) = app.poll_room.new_device();
  v.voter = "web:" + *device;
  const bool page = is_form(request) && request.header("accept").find("text/html") != std::string_view::npos;
  app.poll_desk.vote(std::move(v), [&app, respond = std::move(respond), set_cookie, page](std::exception_ptr error,
                                                                                          core::VoteResult result) {
    Response r;
    if (error) {
      r = response_for(error);
    } else {
      app.poll_room.apply(result);
      r = page ? voted_page_redirect()
               : json_text_response(200, core::JsonObjectText()
                                             .num("poll_id", result.poll_id)
                                             .str("option", result.code)
                                             .boolean("counted", result.counted)
                                             .boolean("kept_earlier", result.kept_earlier)
                                             .finish());
    }
    if (!set_cookie.empty()) r.headers.emplace_back("Set-Cookie", set_cookie);
    respond(std::move(r));
  });
}

}  // namespace

void add_poll_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/polls", [&app](Request& r, Respond done) { list(app, r, std::move(done)); });
  router.add("POST", "/api/polls", [&app](Request& r, Respond done) { create(app, r, std::move(done)); });
  router.add("GET", "/api/polls/current", [&app](Request& r, Respond done) { current(app, r, std::move(done)); });
  router.add("PATCH", "/api/polls/{id}", [&app](Request& r, Respond done) { edit(app, r, std::move(done)); });
  router.add("POST", "/api/polls/{id}/open",
             [&app](Request& r, Respond done) { open_or_close(app, r, std::move(done), true); });
  router.add("POST", "/api/polls/{id}/close",
             [&app](Request& r, Respond done) { open_or_close(app, r, std::move(done), false); });
  router.add("PUT", "/api/polls/{id}/on_air", [&app](Request& r, Respond done) { on_air(app, r, std::move(done)); });
  router.add("POST", "/api/polls/{id}/vote", [&app](Request& r, Respond done) { vote(app, r, std::move(done)); });
}

}  // namespace votercast::web
