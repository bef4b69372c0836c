#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/event.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

std::int64_t last_event_seq(Database& db);
// Events with seq > after, oldest first.
std::vector<Event> events_after(Database& db, std::int64_t after, int limit);
// The audit trail of one question, oldest first.
std::vector<Event> question_history(Database& db, std::int64_t question_id);

}  // namespace votercast::core::store
