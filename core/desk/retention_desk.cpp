#include "core/desk/retention_desk.hpp"

#include <optional>
#include <utility>

#include "core/desk/writer_job_chain.hpp"

namespace votercast::core {

struct RetentionDesk::Pass {
  Done done;
  PrunePass totals;
  std::int64_t after = 0;
  std::optional<std::int64_t> first_waiting;
  store::PruneStep last;  // written by the job, read once it has committed
};

bool RetentionDesk::prune(Done done) {
  auto pass = std::make_shared<Pass>();
  {
    std::lock_guard lock(mutex_);
    if (running_) return false;
    running_ = true;
    pass->after = settled_upto_;
  }
  pass->done = std::move(done);
  run_writer_job_chain(
      writer_,
      [this, pass](store::WriteContext& ctx) {
        pass->last = store::prune_events_step(ctx.db(), policy_, ctx.now_ms(), pass->after);
      },
      [pass] {
        const auto& s = pass->last;
        pass->totals.jobs += 1;
        pass->totals.examined += s.examined;
        pass->totals.deleted += s.deleted;
        pass->totals.compacted += s.compacted;
        if (!pass->first_waiting) pass->first_waiting = s.first_waiting;
        pass->after = s.examined_upto;
        return !s.done;
      },
      [this, pass](std::exception_ptr error) { finish(pass, error); });
  return true;
}

void RetentionDesk::finish(const std::shared_ptr<Pass>& pass, std::exception_ptr error) {
  {
    std::lock_guard lock(mutex_);
    running_ = false;
    // A failed pass settles nothing: the next one looks again from where this one began.
    if (!error) settled_upto_ = pass->first_waiting ? *pass->first_waiting - 1 : pass->after;
  }
  if (pass->done) pass->done(error, pass->totals);
}

}  // namespace votercast::core
