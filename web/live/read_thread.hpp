#pragma once
// Reads that can take tens of milliseconds (the public archive's searches, the queue's
// pages and counts at 200,000 questions, the show report), off the network thread: one
// thread with its own read-only connection, so live intake and the consoles never wait
// for them. Each kind of reader gets its own (a flood of archive searches must not hold
// up a moderator's page).
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <string>

#include "core/store/database.hpp"
#include "web/net/blocking_worker.hpp"

namespace votercast::web {

class ReadThread {
 public:
  ReadThread(const std::string& db_path, std::size_t max_waiting);

  // Runs read(db) on the thread, then done(error, result) there. False, and neither is
  // ever called, when `max_waiting` reads are queued already: the caller answers 503.
  template <class Result>
  bool read(std::function<Result(core::store::Database&)> read, std::function<void(std::exception_ptr, Result)> done) {
    return post([read = std::move(read), done = std::move(done)](core::store::Database& db) {
      Result result{};
      std::exception_ptr error;
      try {
        result = read(db);
      } catch (...) {
        error = std::current_exception();
      }
      done(error, std::move(result));
    });
  }

  // Lets the read in hand finish and drops the rest.
  void stop() { worker_.stop(); }

 private:
  bool post(std::function<void(core::store::Database&)> job);

  core::store::Database db_;  // used on the worker's thread only
  const std::size_t max_waiting_;
  std::atomic<std::size_t> waiting_{0};
  BlockingWorker worker_;  // last: joined before the connection closes
};

}  // namespace votercast::web
