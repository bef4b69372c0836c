#pragma once
// Polls and votes as jobs on the group-commit writer. A vote is acknowledged only once
// its transaction has committed; its VoteResult then moves the live tally (PollTally).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/poll.hpp"
#include "core/poll_vote.hpp"
#include "core/desk/question_desk.hpp"
#include "core/store/group_commit_writer.hpp"

namespace votercast::core {

struct PollDraft {
  std::string title;
  std::vector<PollChoice> options;
  std::optional<RevoteRule> revote;  // none: the configured default
};

struct PollEdit {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string actor;
  std::optional<std::string> title;
  std::optional<std::vector<PollChoice>> options;
  std::optional<RevoteRule> revote;
};

class PollDesk {
 public:
  PollDesk(store::GroupCommitWriter& writer, RevoteRule default_revote) : writer_(writer), default_revote_(default_revote) {}

  // A poll joins the open show (or the next one) as a draft.
  void create(PollDraft draft, std::string actor, Reply<Poll> reply);
  // Drafts only: what voters have seen is not changed under them.
  void edit(PollEdit edit, Reply<Poll> reply);
  // One poll is open at a time: SMS votes ("BC A") carry no poll id.
  void open(std::int64_t id, std::int64_t version, std::string actor, Reply<Poll> reply);
  void close(std::int64_t id, std::int64_t version, std::string actor, Reply<Poll> reply);
  void vote(Vote vote, Reply<VoteResult> reply);

 private:
  store::GroupCommitWriter& writer_;
  RevoteRule default_revote_;
};

// Inside a writer job: the vote in the open poll (vote.poll_id 0: whichever is open).
// Throws DomainError: poll_not_found, poll_not_open, no_open_poll, unknown_option.
VoteResult vote_in_job(store::WriteContext& ctx, const Vote& vote);
// When a show closes, its open polls close with it.
void close_polls_of_show(store::WriteContext& ctx, std::int64_t show_id, const std::string& actor);

}  // namespace votercast::core
