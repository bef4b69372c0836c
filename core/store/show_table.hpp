#pragma once
#include <optional>

#include "core/show.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

std::optional<Show> open_show(Database& db);  // the one without closed_at
std::optional<Show> load_show(Database& db, std::int64_t id);
void insert_show(Database& db, Show& show);   // sets id
void mark_show_closed(Database& db, std::int64_t id, std::int64_t at_ms);
// Compare-and-bump of the rundown version; false when it was not expected.
bool bump_rundown_version(Database& db, std::int64_t show_id, std::int64_t expected);

}  // namespace votercast::core::store
