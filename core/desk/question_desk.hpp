#pragma once
// Every change to questions, the rundown and shows, as a job on the group-commit
// writer: checks (version, transition table, open show) run inside the same
// transaction as the write, and each change appends its event to the log.
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/desk/desk_job.hpp"
#include "core/desk/cluster_index.hpp"
#include "core/desk/near_duplicate_index.hpp"
#include "core/desk/sender_repeats.hpp"
#include "core/question.hpp"
#include "core/show.hpp"
#include "core/desk/sms_submission.hpp"
#include "core/store/group_commit_writer.hpp"
#include "core/ticket_code.hpp"

namespace votercast::core {

struct TransitionRequest {
  std::int64_t id = 0;
  QuestionState to = QuestionState::approved;
  std::int64_t version = 0;
  std::string actor;
  std::optional<std::int64_t> into;    // with merged
  std::optional<std::string> agency;   // with forwarded
  std::optional<std::int64_t> due_at_ms;  // with forwarded (follow_up.hpp: due_at_for)
  std::optional<std::string> reason;   // recorded in the event log
};

struct EditRequest {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string actor;
  std::optional<std::string> on_air_text;
  std::optional<std::string> topic;
  std::optional<std::string> agency;
  std::optional<std::string> area;
  std::optional<std::string> name;
};

// An agency's answer to a forwarded question. With `agency` (an agency account), only
// that agency's questions may be answered; without it (the producer), any forwarded one.
struct AnswerRequest {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string actor;
  std::optional<std::string> agency;
  std::string text;  // as sent: cleaned by clean_answer_text
};

// The question was answered in the studio, at `at_ms` (default: now), with an optional note.
struct OnAirAnswerRequest {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string actor;
  std::optional<std::int64_t> at_ms;
  std::string text;
};

// Many questions at once (a moderator's selection): each item with the version the
// moderator saw. Each is done or refused on its own: one changed meanwhile does not stop
// the others.
enum class BulkAction { approve, reject, merge };
struct BulkRequest {
  BulkAction action = BulkAction::approve;
  std::vector<std::pair<std::int64_t, std::int64_t>> items;  // (id, version)
  std::optional<std::int64_t> into;    // with merge
  std::optional<std::string> reason;   // with reject
  std::string actor;
};
struct BulkRefusal {
  std::int64_t id = 0;
  std::string code;
  std::string message;
};
struct BulkOutcome {
  std::vector<Question> changed;  // with merge, the question merged into last
  std::vector<BulkRefusal> refused;
};
inline constexpr std::size_t kMaxBulkItems = 500;

// A whole cluster at once: every member still pending when the job runs.
struct ClusterRequest {
  std::int64_t cluster_id = 0;
  std::optional<std::int64_t> into;   // merge: default, the cluster's oldest live member
  std::optional<std::string> reason;  // reject
  std::string actor;
};
struct ClusterOutcome {
  std::int64_t changed = 0;          // members merged or rejected
  std::optional<Question> into;      // merge: the question they were merged into
};

struct RundownOrder {
  std::vector<std::int64_t> question_ids;
  std::int64_t rundown_version = 0;
  std::string actor;
};

class QuestionDesk {
 public:
  // Also has the writer keep the queue's word index caught up between its batches.
  QuestionDesk(store::GroupCommitWriter& writer, const TicketCipher& tickets);

  // A prepared question (see intake.hpp) joins the open show, or waits for the next.
  // `sender` ("device:…", "ip:…"; empty for staff) knows a sender's repeats
  // (sender_repeats.hpp): they are stored merged into its first question, flagged spam.
  void submit(Question prepared, std::string actor, Reply<Question> reply, std::string sender = {});
  // An SMS, in one job: a key seen before answers with its stored outcome; otherwise the
  // question (if any) is stored exactly as submit() does and the key is recorded with the
  // reply, in the same transaction, so neither is ever kept without the other.
  void submit_sms(sms::SmsSubmission submission, std::string actor, Reply<sms::SmsOutcome> reply);
  void transition(TransitionRequest request, Reply<Question> reply);
  void edit(EditRequest request, Reply<Question> reply);
  void merge(std::int64_t id, std::int64_t into, std::int64_t version, std::string actor, Reply<Question> reply);
  // forwarded -> answered, with the answer's text (event change "answered").
  void answer(AnswerRequest request, Reply<Question> reply);
  // on_air | aired -> answered on air (event change "answered").
  void answer_on_air(OnAirAnswerRequest request, Reply<Question> reply);
  void bulk(BulkRequest request, Reply<BulkOutcome> reply);
  // Every pending member into one question: its duplicate count grows by the voters behind
  // them, and "N cử tri hỏi câu này" says so on air.
  void merge_cluster(ClusterRequest request, Reply<ClusterOutcome> reply);
  void reject_cluster(ClusterRequest request, Reply<ClusterOutcome> reply);
  void reorder_rundown(RundownOrder order, Reply<Show> reply);
  void open_show(std::string title, std::string actor, Reply<Show> reply);
  void close_show(std::string actor, Reply<Show> reply);

 private:

  // submit()'s work: q gets its id, ticket, show and suggested merge, and is stored.
  Question insert_new(store::WriteContext& ctx, Question q, const std::string& actor, const std::string& sender);
  // The newest question of q's show, still live, that asks the same thing.
  std::optional<std::int64_t> newest_live_near_duplicate(store::WriteContext& ctx, const Question& q);
  // The cluster q joins: that of the most alike question of its show, else its own.
  std::int64_t cluster_for(store::WriteContext& ctx, const Question& q);

  store::GroupCommitWriter& writer_;
  const TicketCipher& tickets_;
  NearDuplicateIndex near_duplicates_;  // writer thread only
  ClusterIndex clusters_;               // writer thread only
  SenderRepeats repeats_;               // writer thread only
};

}  // namespace votercast::core
