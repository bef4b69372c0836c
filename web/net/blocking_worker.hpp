#pragma once
// A thread for slow work that must not stall the network thread: argon2id password
// checks, gateway calls, GStreamer state changes. try_run keeps the queue bounded: a flood
// is refused at once instead of making every later task, a real login among them, wait
// behind it for minutes.
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
  // What stop() does with the tasks not yet started.
  enum class OnStop {
    drop_waiting,  // a login nobody waits for any more is not worth checking
    finish_all,    // a media link that was made must also be ended
  };

  // max_waiting: tasks queued behind the one running before try_run refuses.
  explicit BlockingWorker(std::size_t max_waiting = SIZE_MAX, OnStop on_stop = OnStop::drop_waiting);
  ~BlockingWorker();  // stop()
  BlockingWorker(const BlockingWorker&) = delete;
  BlockingWorker& operator=(const BlockingWorker&) = delete;
  // Queues the task, whatever is waiting: for callers that bound their own work. Once
  // stopped, a finish_all worker runs it on the calling thread; a drop_waiting one drops it.
  void run(std::function<void()> task);
  // Queues the task; false (and the task dropped unrun) when max_waiting are waiting or
  // the worker has stopped.
  bool try_run(std::function<void()> task);
  // Lets the task in hand finish, then drops or runs the waiting ones (OnStop), and joins.
  // Not from a task.
  void stop();

 private:
  std::size_t max_waiting_;
  OnStop on_stop_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace votercast::web
