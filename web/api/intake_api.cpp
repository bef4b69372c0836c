// The producer's intake switch: paused, new public submissions get a polite 503.
#include "core/desk/intake_desk.hpp"
#include "web/api/api_support.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

void get_intake(AppContext& app, Request&, Respond respond) {
  respond(json_text_response(200, core::intake_json_text(app.intake.paused)));
}

void put_intake(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, core::Permission::manage_show, respond);
  if (!user) return;
  const auto body = read_object(request);
  const auto it = body.find("paused");
  if (it == body.end() || !it->is_boolean())
    throw BadRequest(400, "missing_field", "field 'paused' must be true or false");
  app.intake_desk.set_paused(it->get<bool>(), user->name,
                             [&app, respond = std::move(respond)](std::exception_ptr error, bool paused) {
                               if (error) return respond(response_for(error));
                               app.intake.paused = paused;
                               respond(json_text_response(200, core::intake_json_text(paused)));
                             });
}

}  // namespace

void add_intake_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/intake", [&app](Request& r, Respond done) { get_intake(app, r, std::move(done)); });
  router.add("PUT", "/api/intake", [&app](Request& r, Respond done) { put_intake(app, r, std::move(done)); });
}

}  // namespace votercast::web
