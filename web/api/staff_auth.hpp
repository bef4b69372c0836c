#pragma once
// Who is asking: the session cookie -> a staff user; the role check; and the
// same-origin check that keeps another site from driving a logged-in console (CSRF).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/desk/staff_desk.hpp"
#include "core/store/database.hpp"
#include "core/users.hpp"
#include "web/net/http_types.hpp"

namespace votercast::web {

inline constexpr const char* kSessionCookie = "vc_session";

std::optional<std::string> session_token(const Request& request);
// What the database keeps instead of the token itself (BLAKE2b, hex).
std::string hash_session_token(const std::string& token);
std::string new_session_token();
// Same-origin: Origin (or Referer) names the Host the request came to, or public_origin.
bool same_origin(const Request& request, const std::string& public_origin);

class StaffAuth {
 public:
  // idle_limit_ms: a session unused this long has ended, whatever its age.
  StaffAuth(core::store::Database& reader, core::StaffDesk& staff_desk, std::string public_origin,
            std::int64_t idle_limit_ms)
      : reader_(reader), staff_desk_(staff_desk), public_origin_(std::move(public_origin)), idle_limit_ms_(idle_limit_ms) {}

  std::optional<core::User> current_user(const Request& request);
  // Whether the session with this token hash still stands (asking is not use of it).
  bool signed_in(const std::string& token_hash);
  // The same for a console's open stream, which is use of its session: a console the
  // studio watches through a long show without a click is not an abandoned one.
  bool console_in_use(const std::string& token_hash);
  // The user, or the 401/403 to send back.
  std::variant<core::User, Response> require(const Request& request, core::Permission permission);
  // The same, for any role: for a route whose permission depends on what is asked.
  std::variant<core::User, Response> require_signed_in(const Request& request);

 private:
  core::store::Database& reader_;
  core::StaffDesk& staff_desk_;
  std::string public_origin_;
  std::int64_t idle_limit_ms_;
};

// 403 "forbidden" for a role without the permission asked for.
Response forbidden_for(core::Role role);

}  // namespace votercast::web
