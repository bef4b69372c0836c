#include "core/desk/phone_retention_desk.hpp"

#include <utility>

#include "core/desk/writer_job_chain.hpp"

namespace votercast::core {

struct PhoneRetentionDesk::Pass {
  Done done;
  PhoneDropPass totals;
  store::PhoneDropCursor at;
  store::PhoneDropStep last;  // written by the job, read once it has committed
};

bool PhoneRetentionDesk::drop_old_phones(Done done) {
  {
    std::lock_guard lock(mutex_);
    if (running_) return false;
    running_ = true;
  }
  auto pass = std::make_shared<Pass>();
  pass->done = std::move(done);
  run_writer_job_chain(
      writer_,
      [this, pass](store::WriteContext& ctx) {
        pass->last = store::drop_phones_step(ctx.db(), policy_, ctx.now_ms(), pass->at);
      },
      [pass] {
        const auto& s = pass->last;
        auto& t = pass->totals;
        t.jobs += 1;
        t.shows += s.shows_done;
        t.questions += s.questions;
        t.callers += s.callers;
        t.poll_votes += s.poll_votes;
        t.outbox_numbers += s.outbox_numbers;
        pass->at = s.next;
        return !s.done;
      },
      [this, pass](std::exception_ptr error) { finish(pass, error); });
  return true;
}

void PhoneRetentionDesk::finish(const std::shared_ptr<Pass>& pass, std::exception_ptr error) {
  {
    std::lock_guard lock(mutex_);
    running_ = false;
  }
  if (pass->done) pass->done(error, pass->totals);
}

}  // namespace votercast::core
