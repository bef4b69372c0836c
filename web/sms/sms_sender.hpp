#pragma once
// Sends the outbox's SMS (core/store/sms_outbox_table.hpp) through each gateway's send API.
// The io thread ticks it; the network exchanges run on a thread of its own (one at a time,
// up to timeout_seconds each), so neither the io thread nor the password checks on the
// shared BlockingWorker ever wait for a gateway. Each attempt's result is committed through
// the writer before the next message is taken.
//
// At least once, not exactly once, in one case only: if votercast dies after a gateway took
// a message and before "sent" is committed, the message is still pending at the next start
// and goes again. No gateway here offers a way to ask whether it has a message already.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/sms/outbound_gateways.hpp"
#include "core/sms/outbound_message.hpp"
#include "core/store/database.hpp"
#include "core/store/group_commit_writer.hpp"
#include "web/net/blocking_worker.hpp"
#include "web/config/config.hpp"

namespace votercast::web {

class SmsSender {
 public:
  static constexpr int kBatch = 20;  // messages taken per tick

  SmsSender(const Config& config, core::store::GroupCommitWriter& writer);
  ~SmsSender();
  SmsSender(const SmsSender&) = delete;
  SmsSender& operator=(const SmsSender&) = delete;

  // From the io thread, about once a second: hands the due messages to the sender's thread
  // unless it is still busy with the last ones.
  void tick();
  // Finishes the exchange in hand (at most timeout_seconds), sends nothing more, joins.
  void stop();
  // Passes over the outbox finished so far. A pass sends every message then due, so two
  // passes after a moment prove that nothing was owed at that moment (what tests and
  // monitoring read from /metrics instead of waiting "long enough").
  std::uint64_t passes() const { return passes_.load(); }

 private:
  void send_due();
  core::sms::SendAnswer attempt(const core::sms::OutboxMessage& message) const;

  const Config& config_;
  core::store::GroupCommitWriter& writer_;
  std::unique_ptr<core::store::Database> reader_;  // used on the sender's thread only
  std::atomic<bool> busy_{false};
  std::atomic<std::uint64_t> passes_{0};
  std::atomic<bool> stopping_{false};
  bool any_gateway_sends_ = false;
  BlockingWorker thread_;  // last: it stops first
};

}  // namespace votercast::web
