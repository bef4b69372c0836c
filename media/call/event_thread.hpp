#pragma once
// A thread of the link's own that runs posted tasks one at a time, in order, and a tick
// between them. The callbacks to the studio run here, so GStreamer's streaming threads
// never wait on the studio's code and the callbacks arrive in the order things happened.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace votercast::media::call {

class EventThread {
 public:
  EventThread(std::chrono::milliseconds tick_period, std::function<void()> on_tick);
  ~EventThread();
  EventThread(const EventThread&) = delete;
  EventThread& operator=(const EventThread&) = delete;

  void post(std::function<void()> task);
  // Waits for the task that runs now, drops the ones waiting; no task runs after it
  // returns. Not from the thread itself.
  void stop();

 private:
  void run();

  const std::chrono::milliseconds tick_period_;
  const std::function<void()> on_tick_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest exists
};

}  // namespace votercast::media::call
