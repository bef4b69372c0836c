#pragma once
// Rows of the callers table <-> core::Caller.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/caller.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

void insert_caller(Database& db, Caller& c);  // sets c.id
std::optional<Caller> load_caller(Database& db, std::int64_t id);
// Writes every mutable field and sets version = expected_version + 1; false when
// the stored version is not expected_version.
bool update_caller(Database& db, Caller& c, std::int64_t expected_version);
// A show's callers (or, without a show, those logged while none was open), oldest first.
std::vector<Caller> list_callers(Database& db, std::optional<std::int64_t> show_id, int limit);
// The caller on air in that show (or among those without one), if any.
std::optional<Caller> caller_on_air(Database& db, std::optional<std::int64_t> show_id);
// The video call's state alone: the version stays (a screener's open edit is not stale).
bool set_caller_video(Database& db, std::int64_t id, CallerVideo video);
std::int64_t count_calls_from(Database& db, const std::string& phone);
// Callers logged while no show was open join the show being opened.
int attach_waiting_callers(Database& db, std::int64_t show_id);

}  // namespace votercast::core::store
