#pragma once
// Runs the dropping of closed shows' phone numbers (core/store/phone_retention.hpp) through
// the single writer, as RetentionDesk does the event log's: a pass is a chain of small
// jobs, each submitted when the one before has committed, so live intake goes in between.
// One pass at a time.
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>

#include "core/store/group_commit_writer.hpp"
#include "core/store/phone_retention.hpp"

namespace votercast::core {

struct PhoneDropPass {
  int jobs = 0;
  std::int64_t shows = 0;
  std::int64_t questions = 0;
  std::int64_t callers = 0;
  std::int64_t poll_votes = 0;
  std::int64_t outbox_numbers = 0;
};

class PhoneRetentionDesk {
 public:
  using Done = std::function<void(std::exception_ptr, PhoneDropPass)>;
  PhoneRetentionDesk(store::GroupCommitWriter& writer, store::PhoneRetention policy) : writer_(writer), policy_(policy) {}

  // Starts a pass unless one is running (then returns false). done, if given, is called
  // after its last job, where the writer completes jobs; a failed step ends the pass.
  bool drop_old_phones(Done done = {});

 private:
  struct Pass;
  void finish(const std::shared_ptr<Pass>& pass, std::exception_ptr error);

  store::GroupCommitWriter& writer_;
  const store::PhoneRetention policy_;
  std::mutex mutex_;
  bool running_ = false;
};

}  // namespace votercast::core
