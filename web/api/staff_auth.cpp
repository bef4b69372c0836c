#include "web/api/staff_auth.hpp"

#include <sodium.h>

#include "core/clock.hpp"
#include "core/store/user_table.hpp"
#include "web/net/cookies.hpp"

namespace votercast::web {
namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

// "scheme://host:port/..." -> "host:port"
std::string_view authority_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  return url.substr(0, url.find('/'));
}

constexpr std::int64_t kTouchEveryMs = 60 * 1000;

bool is_state_changing(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

std::optional<std::string> session_token(const Request& request) { return cookie_value(request, kSessionCookie); }

std::string hash_session_token(const std::string& token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  return to_hex(digest, sizeof digest);
}

std::string new_session_token() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return to_hex(bytes, sizeof bytes);
}

bool same_origin(const Request& request, const std::string& public_origin) {
  auto origin = request.header("origin");
  if (origin.empty() || origin == "null") origin = request.header("referer");
  if (origin.empty()) {
    // Non-browser clients send neither; browsers always send Sec-Fetch-Site.
    const auto site = request.header("sec-fetch-site");
    return site.empty() || site == "same-origin" || site == "none";
  }
  const auto authority = authority_of(origin);
  if (!authority.empty() && authority == request.header("host")) return true;
  return !public_origin.empty() && authority == authority_of(public_origin);
}

std::optional<core::User> StaffAuth::current_user(const Request& request) {
  const auto token = session_token(request);
  if (!token || token->size() != 64) return std::nullopt;
  const auto hash = hash_session_token(*token);
  const auto now = core::now_ms();
  auto session = core::store::session_user(reader_, hash, now, idle_limit_ms_);
  if (!session) return std::nullopt;
  // Use is written down at most once a minute: the idle limit is counted in minutes, and a
  // console's every request would otherwise be a write.
  if (now - session->last_seen_ms >= kTouchEveryMs) staff_desk_.touch_session(hash, [](std::exception_ptr, bool) {});
  return std::move(session->user);
}

bool StaffAuth::console_in_use(const std::string& token_hash) {
  const auto now = core::now_ms();
  const auto session = core::store::session_user(reader_, token_hash, now, idle_limit_ms_);
  if (!session) return false;
  if (now - session->last_seen_ms >= kTouchEveryMs) staff_desk_.touch_session(token_hash, [](std::exception_ptr, bool) {});
  return true;
}

bool StaffAuth::signed_in(const std::string& token_hash) {
  return core::store::session_user(reader_, token_hash, core::now_ms(), idle_limit_ms_).has_value();
}

std::variant<core::User, Response> StaffAuth::require_signed_in(const Request& request) {
  auto user = current_user(request);
  if (!user)
    return error_response(401, "not_logged_in", "Vui lòng đăng nhập / log in first");
  if (is_state_changing(request.method) && !same_origin(request, public_origin_))
    return error_response(403, "cross_origin", "Yêu cầu từ trang khác bị từ chối / cross-site request refused");
  return *user;
}

std::variant<core::User, Response> StaffAuth::require(const Request& request, core::Permission permission) {
  auto result = require_signed_in(request);
  if (const auto* user = std::get_if<core::User>(&result); user && !core::role_may(user->role, permission))
    return forbidden_for(user->role);
  return result;
}

Response forbidden_for(core::Role role) {
  return error_response(403, "forbidden", "Vai trò '" + std::string(core::to_string(role)) +
                                              "' không có quyền này / your role may not do this");
}

}  // namespace votercast::web
