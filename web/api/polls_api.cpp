// Viewers' polls: the producer prepares, opens and closes them; viewers vote from the
// voter page (one vote per device) and by SMS (sms_intake.cpp); the control room puts
// the results on air, where the bars follow the counts. Web votes refused are counted
// by reason, for the producer (the poll's "refused") and /metrics.
#include <charconv>
#include <string>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/format/json_text.hpp"
#include "core/desk/poll_desk.hpp"
#include "core/format/poll_json.hpp"
#include "core/store/poll_table.hpp"
#include "core/store/show_table.hpp"
#include "web/api/api_support.hpp"
#include "web/api/scene_change.hpp"
#include "web/live/poll_room.hpp"
#include "web/live/vote_refusals.hpp"
#include "web/net/request_body.hpp"
#include "web/pages/voter_pages.hpp"

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

// Voters see the counts; staff also the votes refused.
std::string poll_text(AppContext& app, const core::Poll& p) { return core::poll_json_text(p, app.poll_room.counts(p.id)); }
std::string staff_poll_text(AppContext& app, const core::Poll& p) { return app.poll_room.staff_json_text(p); }

core::Reply<core::Poll> reply_poll(AppContext& app, Respond respond, int status) {
  return [&app, respond = std::move(respond), status](std::exception_ptr error, core::Poll p) {
    if (error) return respond(response_for(error));
    app.poll_room.track_new(p.id);
    respond(json_text_response(status, staff_poll_text(app, p)));
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
      200, "{\"polls\":" + json_array_text(polls, [&app](const core::Poll& p) { return staff_poll_text(app, p); }) + "}"));
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
// final result), and this device's vote in it. The voter page's load is where a device
// gets its cookie (a first visit, or one whose cookie has expired): never the vote
// itself, so a script that only posts votes has no device to vote with.
void current(AppContext& app, Request& request, Respond respond) {
  auto device = app.poll_room.device_of(request);
  Response r;
  // Another site's page gets the poll but no device (a browser would not keep its
  // SameSite=Lax cookie anyway; this says so on the server too).
  if (!device && same_origin(request, app.config.public_url)) {
    auto [id, cookie] = app.poll_room.new_device();
    device = id;
    r.headers.emplace_back("Set-Cookie", cookie);
  }
  r.headers.emplace_back("Cache-Control", "no-store");
  auto poll = core::store::current_open_poll(app.reader);
  if (!poll)
    if (const auto show = core::store::open_show(app.reader)) poll = core::store::latest_closed_poll(app.reader, show->id);
  std::optional<std::string> mine;
  if (poll && device) mine = core::store::vote_of(app.reader, poll->id, "web:" + *device);
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

// The poll a vote was sent to, read without throwing: a refusal is counted for it before
// anything else of the request is checked.
std::optional<std::int64_t> poll_id_of(const Request& request) {
  const auto& text = request.path_params.at("id");
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

void count_refusal(AppContext& app, std::optional<std::int64_t> poll_id, VoteRefusal reason) {
  app.metrics.count_vote_refused(to_string(reason));
  if (poll_id) app.poll_room.refuse(*poll_id, reason);
}

std::optional<VoteRefusal> refusal_of(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const core::DomainError& e) {
    return vote_refusal_for(e.code);
  } catch (...) {
  }
  return std::nullopt;
}

Response no_device_response() {
  return error_response(403, "no_device",
                        "Chưa nhận ra thiết bị của bạn (thiếu cookie hoặc cookie đã hết hạn), vui lòng tải lại trang "
                        "rồi bình chọn lại / no valid device cookie (missing, altered or expired): reload the page, "
                        "then vote");
}

// The no-JS form's refusals are pages, as the question form's are (questions_api.cpp),
// keeping Retry-After; without a device the page asks the voter to reload.
Respond refusals_as_pages(Respond respond) {
  return [respond = std::move(respond)](Response r) {
    if (r.status < 400 || !r.content_type.starts_with("application/json")) return respond(std::move(r));
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    std::string code, message = "Có lỗi, vui lòng thử lại / something went wrong";
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
      code = body["error"].value("code", "");
      if (body["error"].value("message", "") != "") message = body["error"]["message"].get<std::string>();
    }
    auto page = code == "no_device" ? vote_needs_reload_page() : vote_refused_page(r.status, message);
    for (auto& header : r.headers)
      if (header.first == "Retry-After") page.headers.push_back(header);
    respond(std::move(page));
  };
}

// A web vote passes, in order: this site's page (cross_origin), a device this site's page
// gave (no_device), the address's limit (too_many_votes), then the poll's own rules.
void vote_from(AppContext& app, Request& request, Respond respond, bool page) {
  const auto poll_id = poll_id_of(request);
  // Another site's page must not make its visitors vote.
  if (!same_origin(request, app.config.public_url)) {
    count_refusal(app, poll_id, VoteRefusal::cross_origin);
    return respond(error_response(403, "cross_origin",
                                  "Bình chọn từ trang khác bị từ chối / a vote sent from another site is refused"));
  }
  const auto device = app.poll_room.device_of(request);
  if (!device) {
    count_refusal(app, poll_id, VoteRefusal::no_device);
    return respond(no_device_response());
  }
  const auto body = read_object(request);
  core::Vote v;
  v.poll_id = id_param(request.path_params.at("id"), "id");
  v.typed = required_string(body, "option");
  v.channel = "web";
  if (!app.poll_room.admit_vote(request.remote_ip)) {
    count_refusal(app, poll_id, VoteRefusal::too_many_votes);
    auto r = error_response(429, "too_many_votes",
                            "Quá nhiều lượt bình chọn từ địa chỉ này, xin thử lại sau giây lát / too many votes from "
                            "this address, try again in a moment");
    r.headers.emplace_back("Retry-After", "1");
    return respond(std::move(r));
  }
  v.voter = "web:" + *device;
  app.poll_desk.vote(std::move(v), [&app, respond = std::move(respond), page, poll_id](std::exception_ptr error,
                                                                                         core::VoteResult result) {
    if (error) {
      if (const auto reason = refusal_of(error)) count_refusal(app, poll_id, *reason);
      return respond(response_for(error));
    }
    app.poll_room.apply(result);
    if (result.kept_earlier) count_refusal(app, result.poll_id, VoteRefusal::already_voted);
    respond(page ? voted_page_redirect()
                 : json_text_response(200, core::JsonObjectText()
                                               .num("poll_id", result.poll_id)
                                               .str("option", result.code)
                                               .boolean("counted", result.counted)
                                               .boolean("kept_earlier", result.kept_earlier)
                                               .finish()));
  });
}

void vote(AppContext& app, Request& request, Respond respond) {
  const bool page = is_form(request) && request.header("accept").find("text/html") != std::string_view::npos;
  if (!page) return vote_from(app, request, std::move(respond), false);
  auto page_respond = refusals_as_pages(std::move(respond));
  try {
    vote_from(app, request, page_respond, true);
  } catch (...) {
    page_respond(response_for(std::current_exception()));
  }
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
