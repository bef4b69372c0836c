#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/store/database.hpp"
#include "core/users.hpp"

namespace votercast::core::store {

std::int64_t count_users(Database& db);
std::optional<User> find_user(Database& db, const std::string& name);
void insert_user(Database& db, User& user, std::int64_t now_ms);  // sets id; throws on a taken name

// Session tokens are stored only as a hash, so a copied database file logs nobody in.
void insert_session(Database& db, const std::string& token_hash, std::int64_t user_id, std::int64_t now_ms,
                    std::int64_t expires_at_ms);
std::optional<User> session_user(Database& db, const std::string& token_hash, std::int64_t now_ms);
void delete_session(Database& db, const std::string& token_hash);
void delete_expired_sessions(Database& db, std::int64_t now_ms);

}  // namespace votercast::core::store
