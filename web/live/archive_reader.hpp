#pragma once
// The public archive's searches, off the network thread: one thread with its own
// read-only connection. Common words over a large archive take tens of milliseconds
// (scripts/bench archive), which live intake and the consoles must never wait for.
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <string>

#include "core/store/database.hpp"
#include "core/store/question_table.hpp"
#include "web/net/blocking_worker.hpp"

namespace votercast::web {

class ArchiveReader {
 public:
  using Done = std::function<void(std::exception_ptr, core::store::QuestionPage)>;

  ArchiveReader(const std::string& db_path, std::size_t max_waiting);
  // Runs on the archive's thread, then calls `done` there. False, and `done` is never
  // called, when `max_waiting` searches are queued already: the caller answers 503.
  bool search(core::store::ArchiveFilter filter, Done done);
  // Lets the search in hand finish and drops the rest.
  void stop() { worker_.stop(); }

 private:
  core::store::Database db_;  // used on the worker's thread only
  const std::size_t max_waiting_;
  std::atomic<std::size_t> waiting_{0};
  BlockingWorker worker_;  // last: joined before the connection closes
};

}  // namespace votercast::web
