#include "core/desk/phone_retention_desk.hpp"

#include <utility>

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
  step(std::move(pass));
  return true;
}

void PhoneRetentionDesk::step(std::shared_ptr<Pass> pass) {
  writer_.submit(
      [this, pass](store::WriteContext& ctx) {
        pass->last = store::drop_phones_step(ctx.db(), policy_, ctx.now_ms(), pass->at);
      },
      // The next step is submitted only now: whatever else queued meanwhile goes first.
      [this, pass](std::exception_ptr error) {
        if (error) return finish(pass, error);
        const auto& s = pass->last;
        auto& t = pass->totals;
        t.jobs += 1;
        t.shows += s.shows_done;
        t.questions += s.questions;
        t.callers += s.callers;
        t.poll_votes += s.poll_votes;
        t.outbox_numbers += s.outbox_numbers;
        pass->at = s.next;
        if (s.done) return finish(pass, nullptr);
        step(pass);
      });
}

void PhoneRetentionDesk::finish(const std::shared_ptr<Pass>& pass, std::exception_ptr error) {
  {
    std::lock_guard lock(mutex_);
    running_ = false;
  }
  if (pass->done) pass->done(error, pass->totals);
}

}  // namespace votercast::core
