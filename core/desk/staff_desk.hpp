#pragma once
// Staff accounts and their sessions, as the writer changes them: signing in and out, the
// first admin at start, and an account's password and disabling. Passwords are checked before (off the network thread); a
// session is stored by the hash of its token, never the token.
#include <cstdint>
#include <optional>
#include <string>

#include "core/desk/desk_job.hpp"
#include "core/users.hpp"

namespace votercast::core {

class StaffDesk {
 public:
  explicit StaffDesk(store::GroupCommitWriter& writer) : writer_(writer) {}

  // A session for user_id, valid max_age_s from now; expired ones go in the same job.
  void open_session(std::int64_t user_id, std::string token_hash, int max_age_s, Reply<bool> reply);
  void close_session(std::string token_hash, Reply<bool> reply);
  // The session was used now (its idle time starts again).
  void touch_session(std::string token_hash, Reply<bool> reply);

  // For `votercast user ...`, blocking. Each ends every session of the account at once, so
  // a leaked password or a departed colleague is shut out of the show there and then.
  // nullopt: no such account; otherwise how many sessions were ended.
  std::optional<std::int64_t> change_password(const std::string& name, std::string password_hash);
  std::optional<std::int64_t> set_disabled(const std::string& name, bool disabled);
  // At start, blocking: an "admin" account with this password hash unless any account
  // exists. True when it was made.
  bool create_first_admin(std::string password_hash);

 private:
  store::GroupCommitWriter& writer_;
};

}  // namespace votercast::core
