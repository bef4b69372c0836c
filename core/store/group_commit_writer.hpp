#pragma once
// The single writer: one thread that takes every job waiting, runs them in one
// transaction (each inside its own savepoint, so one failing job does not spoil
// the others), commits once, and only then completes each job. Many concurrent
// submissions thus share one fsync, and nothing is acknowledged before it is durable.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/event.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

enum class Durability { full, normal };  // PRAGMA synchronous

// What a job sees: the write connection inside the batch's transaction.
class WriteContext {
 public:
  WriteContext(Database& db, std::int64_t now_ms) : db_(db), now_ms_(now_ms) {}
  Database& db() { return db_; }
  std::int64_t now_ms() const { return now_ms_; }
  // Appends to the event log in this transaction; published after the commit.
  // payload_json is a serialized JSON object. stored_payload: what the log keeps instead,
  // when a reader of the log can rebuild the rest from the rows (a new question's copy of
  // itself: the row holds it). Otherwise the log keeps the payload with its phone numbers
  // masked: the rows hold them, where erasing them on request erases them everywhere.
  const Event& emit(std::string type, std::string actor, std::optional<std::int64_t> question_id,
                    std::string payload_json, std::optional<std::string> stored_payload = std::nullopt);
  std::vector<Event> take_events() { return std::move(events_); }
  void drop_events() { events_.clear(); }

 private:
  Database& db_;
  std::int64_t now_ms_;
  std::vector<Event> events_;
};

struct WriterStats {
  std::uint64_t jobs = 0;
  std::uint64_t batches = 0;
  std::uint64_t largest_batch = 0;
  std::uint64_t checkpoints = 0;
  std::size_t queued = 0;
  // The writer's page cache: it fills as the file grows, up to its 64 MB cap. The bulk of
  // the server's memory that a growing show explains (the soak tells it from leaks).
  std::uint64_t cache_bytes = 0;
};

class GroupCommitWriter {
 public:
  using Job = std::function<void(WriteContext&)>;
  using Done = std::function<void(std::exception_ptr)>;
  // Called after each commit, with that batch's events in seq order.
  using OnCommitted = std::function<void(std::vector<Event>)>;
  // Runs a batch's aftermath (publication, then each job's done) somewhere else.
  using Executor = std::function<void(std::function<void()>)>;

  static constexpr std::size_t kMaxBatch = 512;
  // The log is copied back once it holds this many 4 KiB frames (8 MiB): hot index
  // pages rewritten by many batches are copied once, and the pause stays short
  // (measured: 2048 kept p99 at 13 ms under 64 connections, 8192 let it reach 21 ms).
  static constexpr int kCheckpointFrames = 2048;

  // Opens (creating and migrating) the database file.
  GroupCommitWriter(const std::string& path, Durability durability, OnCommitted on_committed = {});
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // done is called on the writer thread: nullptr after the commit, or the job's error.
  void submit(Job job, Done done);
  // Blocks until the job has committed; rethrows its error. Not from the writer thread.
  void run(Job job);
  void set_on_committed(OnCommitted on_committed);
  // Without one, publication and completions run on the writer thread. The server
  // hands its network thread, so that one wake-up carries a whole batch's replies.
  // When this returns, no batch is still being handed to the executor it replaces:
  // whoever retires an executor can then run what it was given, and nothing is lost.
  void set_completion_executor(Executor executor);
  WriterStats stats() const;

  // Work that may lag behind the commits it follows (a search index catching up): it runs
  // between batches, in a transaction of its own (it opens it when it has something to do),
  // so no request waits for it. It is asked
  // after every batch (idle = false: do it only when enough has piled up to be worth a
  // transaction) and when no job has come for kIdleDelay (idle = true: do what is left).
  // Returns whether to be called again at once (it did some and more is waiting). Runs on the writer thread; add before submitting.
  using Background = std::function<bool(Database&, bool idle)>;
  static constexpr std::chrono::milliseconds kIdleDelay{150};
  void add_background(Background work);

  // Called on the writer thread when a whole batch is lost (the file locked by another
  // process past the busy timeout, the disk full): what the jobs kept in memory about
  // rows that were never committed must be forgotten and read again. Add before submitting.
  using BatchLost = std::function<void()>;
  void add_on_batch_lost(BatchLost forget);

  // Events other processes committed to the file (`votercast erase` run beside the server)
  // are published too, in seq order, with the next batch. This makes that batch come now
  // (an empty job) so they reach the consoles without waiting for the next write.
  void look_for_other_writers();
  static constexpr std::size_t kMaxForeignEvents = 5000;  // per batch; the rest with the next

  // Finishes what is queued, then stops the thread. Later submits fail.
  void stop();

 private:
  struct Pending {
    Job job;
    Done done;
  };
  void loop();
  void commit_batch(std::vector<Pending>& batch);
  void checkpoint_if_due();
  // Inside the batch's transaction: the events committed by other connections since.
  std::vector<Event> events_from_other_writers();
  // Runs the background work once; returns whether any has more waiting.
  bool run_background(bool idle);

  Database db_;
  int wal_frames_ = 0;  // reported by SQLite after each commit
  OnCommitted on_committed_;
  std::mutex handoff_mutex_;  // guards executor_ and each hand-off to it
  Executor executor_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  std::vector<Background> background_;
  std::vector<BatchLost> on_batch_lost_;
  bool stopping_ = false;
  WriterStats stats_;
  // Writer thread: the highest seq published, and SQLite's count of other connections'
  // commits when it was last looked at (PRAGMA data_version).
  std::int64_t published_seq_ = 0;
  std::int64_t data_version_ = 0;
  bool others_wrote_ = false;  // events of theirs may be waiting for publication
  std::thread thread_;
};

}  // namespace votercast::core::store
