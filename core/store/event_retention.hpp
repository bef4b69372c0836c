#pragma once
// Retention of the event log, so that a season of weekly shows does not grow it without
// bound. The log is three things at once, and each decides what may go:
//  - the question's audit trail (question_history) and the report's steps (every
//    question.* event's from/to, change and actor): kept, but once the question's show
//    has been closed longer than max_age, its events drop their copy of the whole
//    question ("compacted"): the bulk of each row, phone number included, which only a
//    live console reads and the history leaves out anyway;
//  - a live console's stream (caller.*, poll.*, rundown.changed, program.scene): nothing
//    reads these once no console can be replayed them (the callers, polls and votes
//    tables keep the report's figures), so they are deleted;
//  - the record of who ran the house (show.opened/closed, user.created, intake.changed,
//    anything else): a few a week, kept.
// Nothing younger than max_age is touched, nor anything of an open show, of a show closed
// less than max_age ago, or of a question still waiting for a show. Nor are the newest
// keep_newest events, whatever they are: a console is replayed at most a window back
// (web::EventHub::kMaxReplay) and further back it gets a snapshot, so a replay never
// meets a changed or missing event. SQLite reuses the freed pages for new rows.
#include <cstdint>
#include <optional>

#include "core/store/database.hpp"

namespace votercast::core::store {

struct EventRetention {
  std::int64_t max_age_ms = 0;
  std::int64_t keep_newest = 0;
  int chunk = 500;  // events examined by one step: 2-4 ms of the writer (1 KB copies compacted, 2 cores)
};

struct PruneStep {
  std::int64_t examined_upto = 0;  // the next step starts after this seq
  bool done = false;               // nothing more to examine below the newest keep_newest
  int examined = 0;
  int deleted = 0;
  int compacted = 0;
  // The lowest seq examined that may become prunable later (its show still open or
  // recent, the event young): everything examined below it is settled for good.
  std::optional<std::int64_t> first_waiting;
};

// One bounded step: examines at most r.chunk events with seq > after, in seq order, and
// deletes or compacts those due. For a job on the writer (its transaction).
PruneStep prune_events_step(Database& db, const EventRetention& r, std::int64_t now_ms, std::int64_t after);

}  // namespace votercast::core::store
