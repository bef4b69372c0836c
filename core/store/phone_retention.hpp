#pragma once
// Phone numbers are kept while they serve the show (replies, answers by SMS, call-backs,
// one vote per number) and dropped once the show has been closed for max_age: each of its
// questions loses its number (and its outbox messages theirs: one not sent yet is
// cancelled), each caller theirs, each SMS vote its "sms:+84…" key (renamed, so it still
// counts once). Names stay: they were shown on air, and the report and archive name them.
// A show done is marked (shows.phones_dropped_at) and never read again. The work is cut
// into bounded steps, each a writer job, so that a show of 200,000 questions never holds
// the writer for more than one step.
#include <cstdint>

#include "core/store/database.hpp"

namespace votercast::core::store {

struct PhoneRetention {
  std::int64_t max_age_ms = 0;  // after the show closed
  int chunk = 500;              // rows of each kind one step may change
};

// Where a pass is: the show being worked through and its last question done.
struct PhoneDropCursor {
  std::int64_t show_id = 0;  // 0: pick the next show due
  std::int64_t after_question = 0;
};

struct PhoneDropStep {
  PhoneDropCursor next;
  bool done = false;  // no show is due any more
  int questions = 0;
  int callers = 0;
  int poll_votes = 0;
  int outbox_numbers = 0;
  int shows_done = 0;
};

// One bounded step, for a job on the writer (its transaction).
PhoneDropStep drop_phones_step(Database& db, const PhoneRetention& r, std::int64_t now_ms, PhoneDropCursor at);

}  // namespace votercast::core::store
