#pragma once
// Runs the event log's retention (core/store/event_retention.hpp) through the single
// writer: a pass is a chain of small jobs, each submitted when the one before has
// committed, so a large backlog never holds the writer for more than one step and
// live intake queued meanwhile goes in between. One pass at a time; what a pass settled
// for good (see PruneStep::first_waiting) is not examined again by the next one.
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>

#include "core/store/event_retention.hpp"
#include "core/store/group_commit_writer.hpp"

namespace votercast::core {

struct PrunePass {
  int jobs = 0;
  std::int64_t examined = 0;
  std::int64_t deleted = 0;
  std::int64_t compacted = 0;
};

class RetentionDesk {
 public:
  using Done = std::function<void(std::exception_ptr, PrunePass)>;
  RetentionDesk(store::GroupCommitWriter& writer, store::EventRetention policy) : writer_(writer), policy_(policy) {}

  // Starts a pass unless one is running (then returns false). done, if given, is called
  // after its last job, where the writer completes jobs; a failed step ends the pass.
  bool prune(Done done = {});

 private:
  struct Pass;
  void finish(const std::shared_ptr<Pass>& pass, std::exception_ptr error);

  store::GroupCommitWriter& writer_;
  const store::EventRetention policy_;
  std::mutex mutex_;
  bool running_ = false;
  std::int64_t settled_upto_ = 0;  // every event up to this seq needs no more look
};

}  // namespace votercast::core
