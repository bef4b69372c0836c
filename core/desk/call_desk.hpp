#pragma once
// Every change to the call-in lines, as a job on the group-commit writer: checks
// (version, transition table, one caller on air) run in the same transaction as
// the write, and each change appends a caller.* event to the log.
#include <cstdint>
#include <optional>
#include <string>

#include "core/caller.hpp"
#include "core/desk/question_desk.hpp"
#include "core/store/group_commit_writer.hpp"

namespace votercast::core {

struct CallerEdit {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string actor;
  CallerFields fields;
  // Present: link to this question (nullopt inside: unlink). Absent: leave as is.
  std::optional<std::optional<std::int64_t>> question_id;
  // Checked against the stored state inside the job: what the lower third shows of a
  // caller on air (name, area, topic) is the studio's to change, not the screener's.
  bool may_touch_air = false;
};

struct CallerTransition {
  std::int64_t id = 0;
  CallerState to = CallerState::screened;
  std::int64_t version = 0;
  std::string actor;
  // Checked against the stored state inside the job: a console's stale view of the
  // caller must not let a screener end a call that went on air meanwhile.
  bool may_touch_air = false;
  bool may_screen = false;  // every other move
};

struct CallerMove {
  Caller caller;
  CallerState from = CallerState::waiting;
};

class CallDesk {
 public:
  explicit CallDesk(store::GroupCommitWriter& writer) : writer_(writer) {}

  // A new caller joins the open show (or the next one) as waiting.
  void log_call(CallerFields fields, std::string actor, Reply<Caller> reply);
  void edit(CallerEdit edit, Reply<Caller> reply);
  // Refuses on_air while another caller of the show is on air: the studio ends one call first.
  void transition(CallerTransition request, Reply<CallerMove> reply);

 private:
  store::GroupCommitWriter& writer_;
};

// When a show closes, its lines close with it: the caller on air is done, the ones
// still holding are dropped. Runs inside the closing job.
void close_lines(store::WriteContext& ctx, std::int64_t show_id, const std::string& actor);

}  // namespace votercast::core
