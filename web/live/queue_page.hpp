#pragma once
// One window of the moderated queue as the consoles read it, from GET /api/queue and from
// the first frame of /ws alike: the questions, the cursor of the next page, the questions
// its cards point to ("có thể trùng với #12") that are not on it, and, on a first page, the
// counts per state of the same filters, beside the whole show's.
#include <string>

#include "core/store/database.hpp"
#include "core/store/queue_query.hpp"

namespace votercast::web {

// {"show_id","order","questions","next_after","related","show_counts"[,"counts"]}, read in
// the caller's transaction. Phones are whole: mask them for the reader's role.
std::string queue_page_json(core::store::Database& db, const core::store::QueueQuery& query);

// {"total","by_state":{"pending":…,…}}
std::string queue_counts_json(const core::store::StateCounts& counts);

}  // namespace votercast::web
