#pragma once
// The show's report, for the council and the station after a programme: what came in
// (by channel, topic and area), what the studio did with it, what the agencies answered
// and when, the callers, and the polls.
#include <cstdint>
#include <string>
#include <vector>

#include "core/poll.hpp"
#include "core/show.hpp"

namespace votercast::core {

struct ReportCount {
  std::string name;  // a channel, topic or area ("" when the voter gave none)
  std::int64_t count = 0;
};

// A question that stood for others: merged duplicates all asked it too.
struct DuplicateGroup {
  std::int64_t id = 0;
  std::string ticket;
  std::string text;    // as it went to air, or as sent
  std::int64_t voters = 0;  // itself and every question merged into it
};

struct PollResult {
  Poll poll;
  std::vector<ReportCount> votes;  // in the poll's option order, named by code
  std::int64_t total = 0;
};

struct ShowReport {
  Show show;
  std::int64_t generated_at_ms = 0;
  std::int64_t received = 0;
  std::vector<ReportCount> by_channel;  // every channel, even at 0
  std::vector<ReportCount> by_topic;    // most first
  std::vector<ReportCount> by_area;
  // Each question counted once for each step it ever reached (from the event log).
  std::int64_t approved = 0;
  std::int64_t rejected = 0;
  std::int64_t merged = 0;
  std::int64_t aired = 0;
  std::int64_t forwarded = 0;
  std::int64_t answered = 0;
  std::int64_t answered_on_time = 0;  // by the due date the agency was given
  std::int64_t answered_late = 0;
  std::int64_t answered_on_air = 0;
  std::int64_t overdue = 0;            // forwarded, unanswered, past the due date now
  std::vector<DuplicateGroup> duplicates;  // most voters first
  std::int64_t callers = 0;
  std::int64_t callers_on_air = 0;
  std::int64_t callers_dropped = 0;
  std::vector<PollResult> polls;
};

}  // namespace votercast::core
