#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/users.hpp"

namespace votercast::core::store {

std::int64_t count_users(Database& db);
std::optional<User> find_user(Database& db, const std::string& name);
std::vector<User> list_users(Database& db);  // by name
void insert_user(Database& db, User& user, std::int64_t now_ms);  // sets id; throws on a taken name
void set_password_hash(Database& db, std::int64_t user_id, const std::string& password_hash);
void set_disabled(Database& db, std::int64_t user_id, bool disabled);

// Session tokens are stored only as a hash, so a copied database file logs nobody in.
void insert_session(Database& db, const std::string& token_hash, std::int64_t user_id, std::int64_t now_ms,
                    std::int64_t expires_at_ms);

struct SessionUser {
  User user;
  std::int64_t last_seen_ms = 0;
};
// The session's user while the session is within its age, was used after
// now_ms - idle_limit_ms, and the account is enabled.
std::optional<SessionUser> session_user(Database& db, const std::string& token_hash, std::int64_t now_ms,
                                        std::int64_t idle_limit_ms);
void touch_session(Database& db, const std::string& token_hash, std::int64_t now_ms);
void delete_session(Database& db, const std::string& token_hash);
// Every session of the account: it was disabled or its password changed. Returns how many.
std::int64_t delete_user_sessions(Database& db, std::int64_t user_id);
void delete_expired_sessions(Database& db, std::int64_t now_ms);

}  // namespace votercast::core::store
