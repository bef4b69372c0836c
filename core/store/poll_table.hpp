#pragma once
// Rows of the polls and poll_votes tables.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/poll.hpp"
#include "core/poll_vote.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

void insert_poll(Database& db, Poll& poll);  // sets poll.id
std::optional<Poll> load_poll(Database& db, std::int64_t id);
// Writes every mutable field and sets version = expected_version + 1; false when stale.
bool update_poll(Database& db, Poll& poll, std::int64_t expected_version);
// A show's polls (or those made while no show was open), oldest first.
std::vector<Poll> list_polls(Database& db, std::optional<std::int64_t> show_id);
// The poll voters can vote in now: the newest open one.
std::optional<Poll> current_open_poll(Database& db);
std::vector<Poll> open_polls(Database& db);
// The show's most recently closed poll: the voter page shows its final result until the next opens.
std::optional<Poll> latest_closed_poll(Database& db, std::int64_t show_id);

// Stores `code` as `voter`'s vote under the poll's rule and says what changed.
VoteResult record_vote(Database& db, const Poll& poll, const std::string& voter, const std::string& code,
                       const std::string& channel, std::int64_t at_ms);
std::optional<std::string> vote_of(Database& db, std::int64_t poll_id, const std::string& voter);
// Counted from the stored votes: the truth the live tally starts from.
std::unordered_map<std::string, std::int64_t> count_votes(Database& db, std::int64_t poll_id);
// Polls made while no show was open join the show being opened.
int attach_waiting_polls(Database& db, std::int64_t show_id);

}  // namespace votercast::core::store
