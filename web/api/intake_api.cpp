// The producer's intake switch: paused, new public submissions get a polite 503.
#include "core/format/json_text.hpp"
#include "core/store/setting_table.hpp"
#include "web/api/api_support.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

constexpr const char* kSetting = "intake_paused";

std::string intake_json_text(bool paused) { return core::JsonObjectText().boolean("paused", paused).finish(); }

void get_intake(AppContext& app, Request&, Respond respond) {
  respond(json_text_response(200, intake_json_text(app.intake.paused)));
}

void put_intake(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, core::Permission::manage_show, respond);
  if (!user) return;
  const auto body = read_object(request);
  const auto it = body.find("paused");
  if (it == body.end() || !it->is_boolean())
    throw BadRequest(400, "missing_field", "field 'paused' must be true or false");
  const bool paused = it->get<bool>();
  app.writer.submit(
      [paused, actor = user->name](core::store::WriteContext& ctx) {
        core::store::save_setting(ctx.db(), kSetting, {paused ? "1" : "0", ctx.now_ms(), actor});
        ctx.emit("intake.changed", actor, std::nullopt, intake_json_text(paused));
      },
      [&app, paused, respond = std::move(respond)](std::exception_ptr error) {
        if (error) return respond(response_for(error));
        app.intake.paused = paused;
        respond(json_text_response(200, intake_json_text(paused)));
      });
}

}  // namespace

bool load_intake_paused(core::store::Database& db) {
  const auto setting = core::store::load_setting(db, kSetting);
  return setting && setting->value == "1";
}

void add_intake_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/intake", [&app](Request& r, Respond done) { get_intake(app, r, std::move(done)); });
  router.add("PUT", "/api/intake", [&app](Request& r, Respond done) { put_intake(app, r, std::move(done)); });
}

}  // namespace votercast::web
