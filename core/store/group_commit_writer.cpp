#include "core/store/group_commit_writer.hpp"

#include <future>

#include <pthread.h>

#include <sqlite3.h>
#include <stdexcept>

#include "core/clock.hpp"
#include "core/phone_privacy.hpp"
#include "core/store/event_log.hpp"
#include "core/store/migrations.hpp"

namespace votercast::core::store {

const Event& WriteContext::emit(std::string type, std::string actor, std::optional<std::int64_t> question_id,
                                std::string payload_json, std::optional<std::string> stored_payload) {
  Event event;
  event.at_ms = now_ms_;
  event.actor = std::move(actor);
  event.type = std::move(type);
  event.question_id = question_id;
  event.payload = std::move(payload_json);
  db_.prepare("INSERT INTO events(at, actor, type, question_id, payload) VALUES (?, ?, ?, ?, ?)")
      .bind(1, event.at_ms)
      .bind(2, event.actor)
      .bind(3, event.type)
      .bind(4, event.question_id)
      .bind(5, stored_payload ? *stored_payload : mask_phone_fields(event.payload))
      .run();
  event.seq = db_.last_insert_rowid();
  events_.push_back(std::move(event));
  return events_.back();
}

GroupCommitWriter::GroupCommitWriter(const std::string& path, Durability durability, OnCommitted on_committed)
    : db_(path), on_committed_(std::move(on_committed)) {
  db_.exec("PRAGMA journal_mode = WAL");
  db_.exec(durability == Durability::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  db_.exec("PRAGMA foreign_keys = ON");
  // Index pages of random keys (tickets, near-duplicate keys) stay in memory
  // instead of being read back for every batch.
  db_.exec("PRAGMA cache_size = -65536");
  // Checkpoints run between batches (checkpoint_if_due), after the replies have
  // gone out, instead of inside a commit that requests are waiting for.
  db_.exec("PRAGMA wal_autocheckpoint = 0");
  db_.exec("PRAGMA journal_size_limit = 67108864");
  // Each job's savepoint journals the pages it changes, so that a failing job can be rolled
  // back alone. Kept in memory: in a temporary file it cost about 14 write calls a question.
  db_.exec("PRAGMA temp_store = MEMORY");
  sqlite3_wal_hook(
      db_.handle(),
      [](void* self, sqlite3*, const char*, int frames) {
        static_cast<GroupCommitWriter*>(self)->wal_frames_ = frames;
        return SQLITE_OK;
      },
      this);
  migrate(db_);
  published_seq_ = last_event_seq(db_);
  data_version_ = db_.prepare("PRAGMA data_version").scalar_int64();
  thread_ = std::thread([this] { loop(); });
}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

void GroupCommitWriter::submit(Job job, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      if (done) done(std::make_exception_ptr(std::runtime_error("the store is shutting down")));
      return;
    }
    queue_.push_back({std::move(job), std::move(done)});
  }
  wake_.notify_one();
}

void GroupCommitWriter::run(Job job) {
  std::promise<void> committed;
  auto result = committed.get_future();
  submit(std::move(job), [&committed](std::exception_ptr error) {
    if (error)
      committed.set_exception(error);
    else
      committed.set_value();
  });
  result.get();
}

void GroupCommitWriter::look_for_other_writers() {
  submit([](WriteContext&) {}, {});
}

std::vector<Event> GroupCommitWriter::events_from_other_writers() {
  const auto version = db_.prepare("PRAGMA data_version").scalar_int64();
  if (version != data_version_) {
    data_version_ = version;
    others_wrote_ = true;
  }
  if (!others_wrote_) return {};
  return events_after(db_, published_seq_, static_cast<int>(kMaxForeignEvents));
}

void GroupCommitWriter::set_on_committed(OnCommitted on_committed) {
  std::lock_guard lock(mutex_);
  on_committed_ = std::move(on_committed);
}

void GroupCommitWriter::set_completion_executor(Executor executor) {
  std::lock_guard lock(handoff_mutex_);
  executor_ = std::move(executor);
}

WriterStats GroupCommitWriter::stats() const {
  std::lock_guard lock(mutex_);
  WriterStats s = stats_;
  s.queued = queue_.size();
  return s;
}

void GroupCommitWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  try {
    db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const DatabaseError&) {
    // A reader still holds the log; the next start checkpoints it.
  }
}

void GroupCommitWriter::checkpoint_if_due() {
  if (wal_frames_ < kCheckpointFrames) return;
  try {
    db_.exec("PRAGMA wal_checkpoint(PASSIVE)");
    std::lock_guard lock(mutex_);
    ++stats_.checkpoints;
  } catch (const DatabaseError&) {
    // Retried after the next batch.
  }
  wal_frames_ = 0;
}

void GroupCommitWriter::add_on_batch_lost(BatchLost forget) {
  std::lock_guard lock(mutex_);
  on_batch_lost_.push_back(std::move(forget));
}

void GroupCommitWriter::add_background(Background work) {
  std::lock_guard lock(mutex_);
  background_.push_back(std::move(work));
}

bool GroupCommitWriter::run_background(bool idle) {
  bool more = false;
  for (auto& work : background_) {
    try {
      more = work(db_, idle) || more;
    } catch (const std::exception&) {
      // Background work only follows what is already committed: it is tried again later.
    }
  }
  checkpoint_if_due();
  return more;
}

void GroupCommitWriter::loop() {
  pthread_setname_np(pthread_self(), "store-writer");  // as top -H and perf name it
  std::vector<Pending> batch;
  bool background_waiting = false;  // some background work said it had more
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      const auto ready = [this] { return stopping_ || !queue_.empty(); };
      if (background_.empty()) {
        wake_.wait(lock, ready);
      } else if (!wake_.wait_for(lock, background_waiting ? std::chrono::milliseconds(0) : kIdleDelay, ready)) {
        lock.unlock();
        background_waiting = run_background(true);
        if (!background_waiting) {
          // Nothing left behind: sleep until the next job.
          std::unique_lock again(mutex_);
          wake_.wait(again, ready);
        }
        continue;
      }
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch);
    batch.clear();
    checkpoint_if_due();
    if (!background_.empty()) background_waiting = run_background(false);
  }
}

void GroupCommitWriter::commit_batch(std::vector<Pending>& batch) {
  std::vector<std::exception_ptr> errors(batch.size());
  std::vector<Event> events;
  try {
    Transaction tx(db_);
    events = events_from_other_writers();
    const bool more_from_others = events.size() == kMaxForeignEvents;
    WriteContext ctx(db_, now_ms());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      db_.prepare("SAVEPOINT job").run();
      try {
        batch[i].job(ctx);
        db_.prepare("RELEASE job").run();
        for (auto& e : ctx.take_events()) events.push_back(std::move(e));
      } catch (...) {
        errors[i] = std::current_exception();
        ctx.drop_events();
        db_.exec("ROLLBACK TO job");
        db_.exec("RELEASE job");
      }
    }
    tx.commit();
    others_wrote_ = more_from_others;
    if (!events.empty()) published_seq_ = events.back().seq;
  } catch (...) {
    // The whole batch is lost (disk full, I/O error): nobody gets a success.
    const auto error = std::current_exception();
    for (auto& e : errors)
      if (!e) e = error;
    events.clear();
    for (auto& forget : on_batch_lost_) forget();
  }

  struct Aftermath {
    OnCommitted publish;
    std::vector<Event> events;
    std::vector<Done> dones;
    std::vector<std::exception_ptr> errors;
    void operator()() {
      if (publish && !events.empty()) publish(std::move(events));
      for (std::size_t i = 0; i < dones.size(); ++i)
        if (dones[i]) dones[i](errors[i]);
    }
  };
  auto after = std::make_shared<Aftermath>();
  after->events = std::move(events);
  after->errors = std::move(errors);
  after->dones.reserve(batch.size());
  for (auto& p : batch) after->dones.push_back(std::move(p.done));
  int cache_used = 0;
  int cache_highwater = 0;
  sqlite3_db_status(db_.handle(), SQLITE_DBSTATUS_CACHE_USED, &cache_used, &cache_highwater, 0);
  {
    std::lock_guard lock(mutex_);
    stats_.cache_bytes = static_cast<std::uint64_t>(cache_used);
    stats_.jobs += batch.size();
    stats_.batches += 1;
    if (batch.size() > stats_.largest_batch) stats_.largest_batch = batch.size();
    after->publish = on_committed_;
  }
  // The hand-off holds its own lock, so that set_completion_executor() returns only
  // when no batch is on its way to the executor it replaces.
  std::unique_lock handing(handoff_mutex_);
  if (executor_) {
    executor_([after] { (*after)(); });
  } else {
    handing.unlock();
    (*after)();
  }
}

}  // namespace votercast::core::store
