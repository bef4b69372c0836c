#pragma once
// A thread that runs its tasks one at a time, in the order given, and finishes every one
// of them before it stops: the callers' WebRTC links are built, fed and torn down here,
// because GStreamer's state changes take tens of milliseconds the io thread cannot spare,
// and a link that was made must also be ended (BlockingWorker drops what has not started).
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace votercast::web {

class SerialWorker {
 public:
  SerialWorker();
  ~SerialWorker();  // stop()
  SerialWorker(const SerialWorker&) = delete;
  SerialWorker& operator=(const SerialWorker&) = delete;

  // Queues the task; once stopping, runs it on the calling thread instead: it still runs.
  void run(std::function<void()> task);
  // Runs every task queued so far, then joins. Not from a task.
  void stop();
  // How many tasks wait (the one running not counted).
  std::size_t waiting() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace votercast::web
