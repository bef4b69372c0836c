#pragma once
// Small helpers every API file uses.
#include <exception>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/desk/question_desk.hpp"
#include "core/format/question_json.hpp"
#include "core/phone_privacy.hpp"
#include "core/users.hpp"
#include "web/app_context.hpp"
#include "web/api/error_mapping.hpp"
#include "web/net/http_types.hpp"

namespace votercast::web {

inline Response json_response(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  // Voter text was validated as UTF-8 on the way in; replace, never throw, on the way out.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

// A body that is already serialized JSON.
inline Response json_text_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// ?show=ID, ?show=waiting (nullopt), or none: the show open now, else (nullopt) the
// questions waiting for one.
std::optional<std::int64_t> show_param(AppContext& app, const Request& request);

// 503 queue_busy with Retry-After: too many heavy reads wait for the staff read thread.
Response staff_reads_busy();

// "[a,b,c]" from serialized items.
template <class Items, class ToText>
std::string json_array_text(const Items& items, ToText to_text) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += to_text(item);
  }
  out += ']';
  return out;
}

// The staff user allowed to do this (any signed-in user when no permission is named),
// or nullopt after answering 401/403.
inline std::optional<core::User> staff_user(AppContext& app, const Request& request,
                                            std::optional<core::Permission> permission, Respond& respond) {
  auto result = permission ? app.auth.require(request, *permission) : app.auth.require_signed_in(request);
  if (auto* error = std::get_if<Response>(&result)) {
    respond(std::move(*error));
    return std::nullopt;
  }
  return std::get<core::User>(std::move(result));
}

// Turns a desk reply into the HTTP response: the JSON of the value, or the error.
template <class T, class ToJson>
core::Reply<T> reply_json(Respond respond, int status, ToJson to_json) {
  return [respond = std::move(respond), status, to_json](std::exception_ptr error, T value) {
    if (error)
      respond(response_for(error));
    else
      respond(json_response(status, to_json(value)));
  };
}

// The same, for values serialized straight to text.
template <class T, class ToText>
core::Reply<T> reply_json_text(Respond respond, int status, ToText to_text) {
  return [respond = std::move(respond), status, to_text](std::exception_ptr error, T value) {
    if (error)
      respond(response_for(error));
    else
      respond(json_text_response(status, to_text(value)));
  };
}

// Staff whose role may not see numbers (agencies, moderators) get every phone in the
// answer masked.
inline Respond phones_as_seen_by(const core::User& user, Respond respond) {
  if (core::role_may(user.role, core::Permission::view_phones)) return respond;
  return [respond = std::move(respond)](Response r) {
    if (r.status < 300) r.body = core::mask_phone_fields(r.body);
    respond(std::move(r));
  };
}

// A desk's question as the answer (200), phones as this user may see them.
inline core::Reply<core::Question> question_reply(const core::User& user, Respond respond) {
  return reply_json_text<core::Question>(phones_as_seen_by(user, std::move(respond)), 200, core::staff_json_text);
}

}  // namespace votercast::web
