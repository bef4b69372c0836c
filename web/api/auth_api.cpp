// Staff login and logout. The argon2id check runs on the blocking worker, never on the
// network thread, behind a bounded queue; failures are throttled per (name, address)
// and per address, each attempt counted before its check runs (login_throttle.hpp).
#include <memory>
#include <variant>

#include "core/clock.hpp"
#include "core/store/user_table.hpp"
#include "web/api/api_support.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

// Who is logged in, as the pages read it: an agency account also names its agency.
nlohmann::json who_json(const core::User& user) {
  return {{"user", user.name},
          {"role", core::to_string(user.role)},
          {"agency", user.agency.empty() ? nlohmann::json(nullptr) : nlohmann::json(user.agency)}};
}

std::string session_cookie(const AppContext& app, const std::string& token, int max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(max_age);
  if (app.config.public_url.starts_with("https://")) cookie += "; Secure";
  return cookie;
}

// Spent on unknown user names too, so that timing does not reveal which names exist.
const std::string& dummy_hash() {
  static const std::string hash = core::hash_password("not-a-real-password");
  return hash;
}

Response wrong_credentials() {
  return error_response(401, "bad_credentials", "Sai tên đăng nhập hoặc mật khẩu / wrong user name or password");
}

void login(AppContext& app, Request& request, Respond respond) {
  const auto body = read_object(request);
  const auto name = required_string(body, "user");
  const auto password = required_string(body, "password");
  if (!same_origin(request, app.config.public_url))
    return respond(error_response(403, "cross_origin", "cross-site login refused"));
  // A name no account can have is neither hashed nor remembered: 60 KB of random name
  // costs the server nothing.
  if (!core::valid_user_name(name)) return respond(wrong_credentials());
  auto admitted = app.throttle.admit(name, request.remote_ip);
  if (const int* wait = std::get_if<int>(&admitted)) {
    auto r = error_response(429, "too_many_attempts",
                            "Đăng nhập sai quá nhiều lần, thử lại sau " + std::to_string(*wait) +
                                " giây / too many failed logins, retry in " + std::to_string(*wait) + " s");
    r.headers.emplace_back("Retry-After", std::to_string(*wait));
    return respond(std::move(r));
  }
  auto attempt = std::get<LoginThrottle::Attempt>(std::move(admitted));
  auto user = core::store::find_user(app.reader, name);
  // Shared so that the refusal below can still answer when the queue turns the check away.
  auto reply = std::make_shared<Respond>(std::move(respond));
  const bool queued = app.worker.try_run([&app, user, password, attempt, reply]() mutable {
    const bool known = user && !user->disabled;
    const bool ok = core::verify_password(known ? user->password_hash : dummy_hash(), password) && known;
    if (!ok) return (*reply)(wrong_credentials());  // the attempt stays counted
    app.throttle.succeeded(attempt);
    const auto token = new_session_token();
    const int max_age = app.config.staff.session_hours * 3600;
    app.staff_desk.open_session(
        user->id, hash_session_token(token), max_age,
        [&app, user = *user, token, max_age, reply](std::exception_ptr error, bool) {
          if (error) return (*reply)(response_for(error));
          auto r = json_response(200, who_json(user));
          r.headers.emplace_back("Set-Cookie", session_cookie(app, token, max_age));
          (*reply)(std::move(r));
        });
  });
  if (!queued) {
    app.throttle.withdrawn(attempt);
    auto r = error_response(503, "login_busy",
                            "Máy chủ đang bận kiểm tra đăng nhập, thử lại sau vài giây "
                            "/ too many logins being checked, retry in a few seconds");
    r.headers.emplace_back("Retry-After", "2");
    (*reply)(std::move(r));
  }
}

void logout(AppContext& app, Request& request, Respond respond) {
  const auto token = session_token(request);
  auto r = json_response(200, {{"logged_out", true}});
  r.headers.emplace_back("Set-Cookie", session_cookie(app, "", 0));
  if (!token) return respond(std::move(r));
  app.staff_desk.close_session(hash_session_token(*token),
                               [r = std::move(r), respond = std::move(respond)](std::exception_ptr error, bool) mutable {
                                 respond(error ? response_for(error) : std::move(r));
                               });
}

void me(AppContext& app, Request& request, Respond respond) {
  const auto user = app.auth.current_user(request);
  if (!user) return respond(error_response(401, "not_logged_in", "Vui lòng đăng nhập / log in first"));
  respond(json_response(200, who_json(*user)));
}

}  // namespace

void add_auth_routes(Router& router, AppContext& app) {
  router.add("POST", "/api/login", [&app](Request& r, Respond done) { login(app, r, std::move(done)); });
  router.add("POST", "/api/logout", [&app](Request& r, Respond done) { logout(app, r, std::move(done)); });
  router.add("GET", "/api/me", [&app](Request& r, Respond done) { me(app, r, std::move(done)); });
}

}  // namespace votercast::web
