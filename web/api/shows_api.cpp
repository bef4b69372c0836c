// Episodes and their rundown: open/close a show, read and reorder the rundown.
#include "core/format/json_text.hpp"
#include "core/format/question_json.hpp"
#include "core/store/question_table.hpp"
#include "core/store/show_table.hpp"
#include "web/api/api_support.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::Permission;

nlohmann::json show_or_null(const std::optional<core::Show>& show) {
  return show ? core::to_json(*show) : nlohmann::json(nullptr);
}

void current_show(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, Permission::view_queue, respond)) return;
  respond(json_response(200, {{"show", show_or_null(core::store::open_show(app.reader))}}));
}

void open_show(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::manage_show, respond);
  if (!user) return;
  const auto body = read_object(request);
  auto title = required_string(body, "title");
  app.question_desk.open_show(std::move(title), user->name,
                     reply_json<core::Show>(std::move(respond), 201, [](const core::Show& s) { return core::to_json(s); }));
}

void close_show(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::manage_show, respond);
  if (!user) return;
  auto reply = reply_json<core::Show>(std::move(respond), 200, [](const core::Show& s) { return core::to_json(s); });
  // Closing ends the call on air: its picture goes with it (the lower third is the operator's).
  app.question_desk.close_show(user->name, [&app, reply = std::move(reply), actor = user->name](std::exception_ptr error,
                                                                                                core::Show s) {
    if (!error) end_caller_video(app, actor);
    reply(error, std::move(s));
  });
}

void rundown(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, Permission::view_queue, respond)) return;
  const auto show = core::store::open_show(app.reader);
  if (!show) return respond(json_response(200, {{"show", nullptr}, {"rundown_version", nullptr}, {"questions", nlohmann::json::array()}}));
  const auto questions = core::store::rundown_questions(app.reader, show->id);
  respond(json_text_response(200, core::JsonObjectText()
                                      .raw("show", core::show_json_text(*show))
                                      .num("rundown_version", show->rundown_version)
                                      .raw("questions", json_array_text(questions, core::staff_json_text))
                                      .finish()));
}

void reorder(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::build_rundown, respond);
  if (!user) return;
  const auto body = read_object(request);
  core::RundownOrder order;
  order.rundown_version = required_int(body, "version");
  const auto it = body.find("order");
  if (it == body.end() || !it->is_array())
    throw BadRequest(400, "missing_field", "field 'order' must be a list of question ids");
  for (const auto& id : *it) {
    if (!id.is_number_integer()) throw BadRequest(400, "wrong_type", "field 'order' must hold integers");
    order.question_ids.push_back(id.get<std::int64_t>());
  }
  order.actor = user->name;
  app.question_desk.reorder_rundown(std::move(order), reply_json<core::Show>(std::move(respond), 200, [](const core::Show& s) {
                             return nlohmann::json{{"show", core::to_json(s)}, {"rundown_version", s.rundown_version}};
                           }));
}

}  // namespace

void add_show_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/shows/current", [&app](Request& r, Respond done) { current_show(app, r, std::move(done)); });
  router.add("POST", "/api/shows", [&app](Request& r, Respond done) { open_show(app, r, std::move(done)); });
  router.add("POST", "/api/shows/current/close", [&app](Request& r, Respond done) { close_show(app, r, std::move(done)); });
  router.add("GET", "/api/rundown", [&app](Request& r, Respond done) { rundown(app, r, std::move(done)); });
  router.add("PUT", "/api/rundown", [&app](Request& r, Respond done) { reorder(app, r, std::move(done)); });
}

}  // namespace votercast::web
