#pragma once
// The SMS that tells a voter their question is answered: when a question that came by SMS
// becomes answered, one row goes into the outbox (core/store/sms_outbox_table.hpp), through
// the gateway the question came from, if that gateway is set up to send. The row is written
// by its own writer job after the answer's commit; a crash in between is made good by the
// sweep at start. web/sms/sms_sender.hpp sends the rows.
#include <cstdint>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "core/store/group_commit_writer.hpp"
#include "web/config/config.hpp"

namespace votercast::web {

class SmsAnswerNotices {
 public:
  // How far back the sweep at start looks for answers that have no outbox row.
  static constexpr int kSweepDays = 7;

  SmsAnswerNotices(const Config& config, core::store::GroupCommitWriter& writer);

  // After each commit, in seq order: an answered SMS question gets its row (INSERT OR IGNORE,
  // so a second answer event or the sweep adds nothing).
  void on_committed(const std::vector<core::Event>& events);
  // Answered SMS questions of the last kSweepDays without a row get one.
  void sweep();

 private:
  // On the writer: the row for the question, unless it is not an answered SMS question, has
  // one already, or its gateway cannot send.
  void enqueue(core::store::WriteContext& ctx, std::int64_t question_id) const;
  std::string compose(const std::string& ticket) const;
  void submit(core::store::GroupCommitWriter::Job job, std::string what);

  const SmsSettings& settings_;
  std::string url_;  // public_url without a trailing slash
  core::store::GroupCommitWriter& writer_;
  bool any_gateway_sends_;
};

}  // namespace votercast::web
