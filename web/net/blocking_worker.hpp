#pragma once
// A thread for slow CPU work (argon2id password checks) that must not stall the
// network thread. try_run keeps the queue bounded: a flood is refused at once instead of
// making every later task, a real login among them, wait behind it for minutes.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace votercast::web {

class BlockingWorker {
 public:
  // max_waiting: tasks queued behind the one running before try_run refuses.
  explicit BlockingWorker(std::size_t max_waiting = SIZE_MAX);
  ~BlockingWorker();
  BlockingWorker(const BlockingWorker&) = delete;
  BlockingWorker& operator=(const BlockingWorker&) = delete;
  // Queues the task, whatever is waiting: for callers that bound their own work.
  void run(std::function<void()> task);
  // Queues the task; false (and the task dropped unrun) when max_waiting are waiting or
  // the worker has stopped.
  bool try_run(std::function<void()> task);
  // Lets the task in hand finish, drops the ones not started, and joins.
  void stop();

 private:
  std::size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace votercast::web
