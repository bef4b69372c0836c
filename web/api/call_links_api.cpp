// Video call links for a caller (docs/CALLINS.md, "Joining"): the screener makes one to
// send or read out, and revokes it. The token is in this one answer and nowhere else.
// And the call it leads to: how the caller's media reaches the studio.
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/desk/call_link_desk.hpp"
#include "core/format/caller_json.hpp"
#include "core/format/json_text.hpp"
#include "core/sms/inbound_sms.hpp"
#include "core/sms/phone_mask.hpp"
#include "web/api/api_support.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::Permission;

core::PhoneView phone_view(const core::User& user) {
  return core::role_may(user.role, Permission::view_phones) ? core::PhoneView::full : core::PhoneView::masked;
}

std::string call_url(const Config& config, const std::string& token) {
  auto base = config.public_url;
  while (base.ends_with('/')) base.pop_back();
  return base + "/call/" + token;
}

// The SMS that carries a link: through the first gateway that sends, by the short code.
core::CallLinkSms link_sms(const Config& config) {
  namespace g = core::sms::gateway;
  core::CallLinkSms sms;
  for (const auto gateway : {g::kannel, g::jasmin, g::twilio, g::shortcode}) {
    if (config.sms.sends_through(gateway)) {
      sms.gateway = std::string(gateway);
      break;
    }
  }
  if (sms.gateway.empty())
    throw BadRequest(409, "sms_unavailable",
                     "Chưa cấu hình cổng gửi SMS: hãy đọc mã số hoặc cho người gọi quét mã QR / no SMS gateway sends "
                     "messages: read out the code or show the QR code");
  const auto& replies = config.sms.replies;
  sms.forms = {replies.call_link, replies.call_link_short};
  auto base = config.public_url;
  while (base.ends_with('/')) base.pop_back();
  sms.values = {{"url", base}};
  sms.strip_diacritics = replies.unaccented;
  return sms;
}

void make_link(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::screen_calls, respond);
  if (!user) return;
  const auto id = id_param(request.path_params.at("id"), "id");
  // An empty body asks for a link and nothing more.
  std::optional<core::CallLinkSms> sms;
  if (!request.body.empty() && optional_bool(read_object(request), "send_sms").value_or(false)) sms = link_sms(app.config);
  const auto phones = phone_view(*user);
  app.call_link_desk.make(
      id, app.config.calls.link_lifetime_ms(), user->name, std::move(sms),
      [&app, respond = std::move(respond), phones](std::exception_ptr error, core::MadeCallLink made) {
        if (error) return respond(response_for(error));
        // A phone still connected on the old link is let go: the new link replaces it.
        app.call_lines.end(made.caller.id, "call_link_replaced",
                           "Ban biên tập đã gửi cho bạn một liên kết mới. / The studio sent you a new link.");
        core::JsonObjectText body;
        body.str("url", call_url(app.config, made.token))
            .str("code", made.code)
            .str("expires_at", core::iso8601_utc(made.expires_at_ms))
            .raw("caller", core::caller_json_text(made.caller, phones));
        // The message itself holds the code: what a screener may see of it is who and how.
        if (made.sms) {
          body.raw("sms", core::JsonObjectText()
                              .str("to", phones == core::PhoneView::full ? made.sms->to : core::sms::mask_phone(made.sms->to))
                              .str("gateway", made.sms->gateway)
                              .str("state", "pending")
                              .finish());
        }
        respond(json_text_response(201, body.finish()));
      });
}

void revoke_link(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::screen_calls, respond);
  if (!user) return;
  const auto id = id_param(request.path_params.at("id"), "id");
  app.call_link_desk.revoke(id, user->name, [&app, id, respond = std::move(respond)](std::exception_ptr error, int revoked) {
    if (error) return respond(response_for(error));
    if (app.call_lines.end(id, "call_link_revoked",
                           "Ban biên tập đã kết thúc cuộc gọi video này. / The studio ended this video call."))
      app.call_link_desk.set_video(id, core::CallerVideo::left, [](std::exception_ptr, core::Caller) {});
    respond(json_response(200, {{"revoked", revoked}}));
  });
}

// The caller's link as the screener checks it: its state and what has arrived.
void show_call(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, Permission::screen_calls, respond)) return;
  const auto id = id_param(request.path_params.at("id"), "id");
  const auto report = app.studio.report(id);
  if (!report)
    return respond(error_response(404, "no_call",
                                  "Người gọi này không có cuộc gọi video nào đang diễn ra / this caller has no video call"));
  nlohmann::json body{{"caller_id", id},
                      {"state", to_string(report->state)},
                      {"phone_connected", report->phone_connected},
                      {"codec", nullptr},
                      {"frames_received", 0},
                      {"last_frame_age_ms", nullptr},
                      {"audio", {{"peak_db", -100.0}, {"rms_db", -100.0}, {"frames_received", 0}}},
                      {"bytes_received", 0},
                      {"return_audio_frames_sent", 0},
                      {"screeners", app.screening.watching(id)}};
  if (const auto& stats = report->stats) {  // none until the link is built (a few ms after the offer)
    if (!stats->video_codec.empty()) body["codec"] = stats->video_codec;
    body["frames_received"] = stats->frames_received;
    if (stats->last_frame_age.count() >= 0) body["last_frame_age_ms"] = stats->last_frame_age.count();
    body["audio"] = {{"peak_db", stats->audio_level.peak_db},
                     {"rms_db", stats->audio_level.rms_db},
                     {"frames_received", stats->audio_frames_received}};
    body["bytes_received"] = stats->bytes_received;
    body["return_audio_frames_sent"] = stats->return_audio_frames_sent;
  }
  respond(json_response(200, body));
}

}  // namespace

void add_call_link_routes(Router& router, AppContext& app) {
  router.add("POST", "/api/callers/{id}/call-link", [&app](Request& r, Respond done) { make_link(app, r, std::move(done)); });
  router.add("DELETE", "/api/callers/{id}/call-link", [&app](Request& r, Respond done) { revoke_link(app, r, std::move(done)); });
  router.add("GET", "/api/callers/{id}/call", [&app](Request& r, Respond done) { show_call(app, r, std::move(done)); });
}

}  // namespace votercast::web
