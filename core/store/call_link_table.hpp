#pragma once
// Rows of the call_links table <-> core::CallLink. Every statement prepared, values bound.
#include <cstdint>
#include <optional>
#include <string>

#include "core/call_link.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

void insert_call_link(Database& db, CallLink& link);  // sets link.id
std::optional<CallLink> find_call_link(Database& db, const std::string& token_hash);
// The link a short code leads to: not revoked, not used, not expired at now_ms.
std::optional<CallLink> find_open_call_link_by_code(Database& db, const std::string& code, std::int64_t now_ms);
// Revokes every link of the caller not revoked yet; returns how many.
int revoke_call_links(Database& db, std::int64_t caller_id);
void mark_call_link_used(Database& db, std::int64_t id, std::int64_t now_ms, const std::string& seat_hash);
void set_call_link_token_hash(Database& db, std::int64_t id, const std::string& token_hash);

}  // namespace votercast::core::store
