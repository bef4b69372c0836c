// The call-in lines: screeners log and screen callers, the producer or the operator
// takes one to air, which puts their lower third on the programme.
#include <string>

#include <nlohmann/json.hpp>

#include "core/desk/call_desk.hpp"
#include "core/format/caller_json.hpp"
#include "core/store/caller_table.hpp"
#include "core/format/json_text.hpp"
#include "core/store/show_table.hpp"
#include "media/graphics/scene_json.hpp"
#include "web/api/api_support.hpp"
#include "web/api/scene_change.hpp"
#include "web/live/caller_video.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::CallerState;
using core::Permission;

constexpr int kLowerThirdFadeMs = 300;

nlohmann::json lower_third_of(const core::Caller& c) { return {{"name", c.name}, {"area", c.area}, {"topic", c.topic}}; }

core::PhoneView phone_view(const core::User& user) {
  return core::role_may(user.role, Permission::view_phones) ? core::PhoneView::full : core::PhoneView::masked;
}

std::optional<std::vector<std::string>> optional_alerts(const nlohmann::json& body) {
  const auto it = body.find("alerts");
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) throw BadRequest(400, "bad_alerts", "'alerts' must be an array of short texts");
  std::vector<std::string> out;
  for (const auto& a : *it) {
    if (!a.is_string()) throw BadRequest(400, "bad_alerts", "'alerts' must be an array of short texts");
    out.push_back(a.get<std::string>());
  }
  return out;
}

core::CallerFields fields_of(const nlohmann::json& body) {
  core::CallerFields f;
  f.name = optional_string(body, "name");
  f.area = optional_string(body, "area");
  f.phone = optional_string(body, "phone");
  f.point = optional_string(body, "point");
  f.topic = optional_string(body, "topic");
  f.notes = optional_string(body, "notes");
  f.alerts = optional_alerts(body);
  return f;
}

// Whether the lower third on the programme is still the one put up for this caller.
bool shows_caller(AppContext& app, std::int64_t caller_id) {
  const auto& on_screen = app.control_room.caller_on_screen;
  const auto shown = app.control_room.graphics().scene().lower_third;
  return on_screen && on_screen->caller_id == caller_id && shown.visible && shown.content == on_screen->shown;
}

core::Reply<core::Caller> reply_caller(Respond respond, int status, core::PhoneView phones) {
  return [respond = std::move(respond), status, phones](std::exception_ptr error, core::Caller c) {
    if (error) return respond(response_for(error));
    respond(json_text_response(status, core::caller_json_text(c, phones)));
  };
}

void list(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::view_queue, respond);
  if (!user) return;
  std::optional<std::int64_t> show_id;
  if (auto it = request.query.find("show"); it != request.query.end() && !it->second.empty())
    show_id = id_param(it->second, "show");
  else if (auto show = core::store::open_show(app.reader))
    show_id = show->id;
  const auto phones = phone_view(*user);
  const auto callers = core::store::list_callers(app.reader, show_id, 2000);
  respond(json_text_response(
      200, "{\"callers\":" +
               json_array_text(callers, [phones](const core::Caller& c) { return core::caller_json_text(c, phones); }) +
               "}"));
}

void detail(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::view_queue, respond);
  if (!user) return;
  const auto c = core::store::load_caller(app.reader, id_param(request.path_params.at("id"), "id"));
  if (!c) return respond(error_response(404, "caller_not_found", "Không tìm thấy người gọi / no such caller"));
  auto out = nlohmann::json::parse(core::caller_json_text(*c, phone_view(*user)));
  auto next = nlohmann::json::array();
  for (auto s : core::next_states(c->state)) next.push_back(core::to_string(s));
  out["next_states"] = std::move(next);
  respond(json_response(200, out));
}

void log_call(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::screen_calls, respond);
  if (!user) return;
  const auto body = read_object(request);
  auto fields = fields_of(body);
  if (!fields.name) throw BadRequest(400, "missing_field", "Cần tên người gọi / field 'name' is required");
  app.call_desk.log_call(std::move(fields), user->name, reply_caller(std::move(respond), 201, phone_view(*user)));
}

void edit(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::screen_calls, respond);
  if (!user) return;
  const auto body = read_object(request);
  core::CallerEdit e;
  e.id = id_param(request.path_params.at("id"), "id");
  e.version = required_int(body, "version");
  e.fields = fields_of(body);
  if (auto it = body.find("question_id"); it != body.end()) {
    if (it->is_null())
      e.question_id = std::optional<std::int64_t>();
    else
      e.question_id = std::optional<std::int64_t>(required_int(body, "question_id"));
  }
  e.actor = user->name;
  e.may_touch_air = core::role_may(user->role, Permission::take_to_air);
  // A caller renamed while on air is renamed on the programme too.
  auto answer = reply_caller(std::move(respond), 200, phone_view(*user));
  app.call_desk.edit(std::move(e), [&app, answer = std::move(answer), actor = user->name](std::exception_ptr error,
                                                                                       core::Caller c) {
    if (!error && c.state == CallerState::on_air && shows_caller(app, c.id)) {
      app.control_room.graphics().patch_layer("lower_third", lower_third_of(c));
      app.control_room.caller_on_screen->shown = app.control_room.graphics().scene().lower_third.content;
      log_scene_change(app, actor, "lower_third", [](std::exception_ptr, std::string) {});
    }
    if (!error && c.state == CallerState::on_air && shows_caller_video(app.control_room, c.id) &&
        app.control_room.graphics().scene().caller_video.content.name != c.name) {
      app.control_room.graphics().patch_layer("caller_video", {{"name", c.name}});
      log_scene_change(app, actor, "caller_video", [](std::exception_ptr, std::string) {});
    }
    answer(error, std::move(c));
  });
}

// What a take puts up besides the caller's place on the lines.
struct Take {
  bool lower_third = true;
  std::optional<bool> video;  // unsaid: when the caller's feed can go to air
  CallerLayout layout = CallerLayout::pip;
};

Take take_of(AppContext& app, const nlohmann::json& body) {
  Take take;
  if (auto it = body.find("lower_third"); it != body.end()) {
    if (!it->is_boolean()) throw BadRequest(400, "bad_lower_third", "'lower_third' must be true or false");
    take.lower_third = it->get<bool>();
  }
  if (auto it = body.find("video"); it != body.end()) {
    if (!it->is_boolean()) throw BadRequest(400, "bad_video", "'video' phải là true hoặc false / 'video' must be true or false");
    take.video = it->get<bool>();
  }
  take.layout = parse_caller_layout(app.config.calls.layout).value_or(CallerLayout::pip);
  if (auto it = body.find("layout"); it != body.end()) {
    const auto layout = it->is_string() ? parse_caller_layout(it->get<std::string>()) : std::nullopt;
    if (!layout)
      throw BadRequest(400, "bad_layout",
                       "Bố cục phải là 'pip' (hình trong hình) hoặc 'side_by_side' (song song) / "
                       "'layout' must be 'pip' or 'side_by_side'");
    take.layout = *layout;
  }
  return take;
}

// Taking a caller shows their lower third in the card's place, and their picture when
// their call has video; ending their call takes both down, unless the operator has since
// put something else in the lower third; screening them draws it all ahead. Returns the
// scene generation that changed the scene, or 0 when it was left alone.
std::uint64_t follow_on_programme(AppContext& app, const core::Caller& c, CallerState from, const Take& take) {
  auto& room = app.control_room;
  auto& graphics = room.graphics();
  const nlohmann::json fade = {{"type", "fade"}, {"ms", kLowerThirdFadeMs}};
  if (c.state == CallerState::screened || c.state == CallerState::next) {
    // Likely on air soon: what taking them shows is drawn now, so that the take is a cut.
    try {
      auto ahead = media::graphics::patch_layer(graphics.scene(), "lower_third", lower_third_of(c));
      const auto feed = app.caller_feeds.state(c.id);
      if (feed_can_go_on_air(feed))
        ahead = media::graphics::patch_layer(ahead, "caller_video",
                                             caller_video_content(c.name, take.layout, feed_shows_lost(feed)));
      graphics.prepare(std::move(ahead));
    } catch (const media::graphics::SceneError&) {
      // Taking them says what is wrong with it.
    }
    return 0;
  }
  auto scene = graphics.scene();
  if (c.state == CallerState::on_air) {
    if (take.lower_third) {
      scene = media::graphics::patch_layer(scene, "question_card", {{"visible", false}, {"transition", fade}});
      auto patch = lower_third_of(c);
      patch["visible"] = true;
      patch["transition"] = fade;
      scene = media::graphics::patch_layer(scene, "lower_third", patch);
    }
    const bool video = take.video.value_or(feed_can_go_on_air(app.caller_feeds.state(c.id)));
    // Someone else's picture never stays up beside this caller's voice.
    const auto other = room.caller_video_on_screen;
    const bool hid_other = !video && other && *other != c.id && hide_caller_video(room, *other, scene);
    if (video) scene = show_caller_video(room, app.caller_feeds, c.id, c.name, take.layout, std::move(scene));
    if (!take.lower_third && !video && !hid_other) return 0;
    const auto generation = graphics.set_scene(scene);
    if (take.lower_third) room.caller_on_screen = ControlRoom::CallerOnScreen{c.id, scene.lower_third.content};
    if (hid_other) let_go_caller_video(room, generation);
    return generation;
  }
  if (from != CallerState::on_air) return 0;
  const bool lower_third = take.lower_third && shows_caller(app, c.id);
  if (lower_third) {
    room.caller_on_screen.reset();
    scene = media::graphics::patch_layer(scene, "lower_third", {{"visible", false}, {"transition", fade}});
  }
  const bool video = hide_caller_video(room, c.id, scene);  // a call that is over is never left on screen
  if (!lower_third && !video) return 0;
  const auto generation = graphics.set_scene(scene);
  if (video) let_go_caller_video(room, generation);
  return generation;
}

void transition(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::view_queue, respond);
  if (!user) return;
  const auto body = read_object(request);
  core::CallerTransition t;
  t.id = id_param(request.path_params.at("id"), "id");
  const auto to_name = required_string(body, "to");
  const auto to = core::parse_caller_state(to_name);
  if (!to) throw BadRequest(400, "unknown_state", "Trạng thái không hợp lệ / unknown caller state '" + to_name + "'");
  t.to = *to;
  t.version = required_int(body, "version");
  const auto take = take_of(app, body);
  // The screener moves callers up to "next"; air is the studio's. The desk checks
  // again against the stored state, which this request may not have seen.
  t.actor = user->name;
  t.may_touch_air = core::role_may(user->role, Permission::take_to_air);
  t.may_screen = core::role_may(user->role, Permission::screen_calls);
  const bool allowed = *to == CallerState::on_air || *to == CallerState::done ? t.may_touch_air
                       : *to == CallerState::dropped                         ? t.may_touch_air || t.may_screen
                                                                              : t.may_screen;
  if (!allowed)
    return respond(error_response(403, "forbidden", "Vai trò '" + std::string(core::to_string(user->role)) +
                                                        "' không được chuyển người gọi sang '" + to_name +
                                                        "' / your role may not move a caller to '" + to_name + "'"));
  // Asked for by name, a picture that is not there is refused before anything changes.
  if (*to == CallerState::on_air && take.video.value_or(false) && !feed_can_go_on_air(app.caller_feeds.state(t.id)))
    return respond(error_response(409, "no_caller_video",
                                  "Người gọi chưa có hình (cuộc gọi video chưa kết nối) / this caller's video is not "
                                  "connected (" + std::string(to_string(app.caller_feeds.state(t.id))) + ")"));
  const auto phones = phone_view(*user);
  app.call_desk.transition(std::move(t), [&app, respond = std::move(respond), phones, take, actor = user->name](
                                         std::exception_ptr error, core::CallerMove move) mutable {
    if (error) return respond(response_for(error));
    const bool video_before = shows_caller_video(app.control_room, move.caller.id);
    const std::uint64_t generation = follow_on_programme(app, move.caller, move.from, take);
    const bool video_changed = video_before || shows_caller_video(app.control_room, move.caller.id);
    auto text = core::JsonObjectText()
                    .merge(core::caller_json_text(move.caller, phones))
                    .num("scene_generation", generation ? std::optional<std::int64_t>(generation) : std::nullopt)
                    .finish();
    if (!generation) return respond(json_text_response(200, std::move(text)));
    log_scene_change(app, actor, video_changed ? "caller_video" : "lower_third",
                     [respond = std::move(respond), text = std::move(text)](std::exception_ptr error, std::string) {
                       if (error) return respond(response_for(error));
                       respond(json_text_response(200, text));
                     });
  });
}

}  // namespace

void follow_caller_feed(AppContext& app, std::int64_t caller_id, FeedState state) {
  if (follow_caller_feed(app.control_room, caller_id, state))
    log_scene_change(app, "votercast", "caller_video", [](std::exception_ptr, std::string) {});
}

void end_caller_video(AppContext& app, const std::string& actor) {
  auto& room = app.control_room;
  auto scene = room.graphics().scene();
  if (!room.caller_video_on_screen || !hide_caller_video(room, *room.caller_video_on_screen, scene)) return;
  let_go_caller_video(room, room.graphics().set_scene(std::move(scene)));
  log_scene_change(app, actor, "caller_video", [](std::exception_ptr, std::string) {});
}

void add_caller_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/callers", [&app](Request& r, Respond done) { list(app, r, std::move(done)); });
  router.add("POST", "/api/callers", [&app](Request& r, Respond done) { log_call(app, r, std::move(done)); });
  router.add("GET", "/api/callers/{id}", [&app](Request& r, Respond done) { detail(app, r, std::move(done)); });
  router.add("PATCH", "/api/callers/{id}", [&app](Request& r, Respond done) { edit(app, r, std::move(done)); });
  router.add("POST", "/api/callers/{id}/transition",
             [&app](Request& r, Respond done) { transition(app, r, std::move(done)); });
}

}  // namespace votercast::web
