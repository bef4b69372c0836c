#include "media/call/event_thread.hpp"

namespace votercast::media::call {

EventThread::EventThread(std::chrono::milliseconds tick_period, std::function<void()> on_tick)
    : tick_period_(tick_period), on_tick_(std::move(on_tick)), thread_([this] { run(); }) {}

EventThread::~EventThread() { stop(); }

void EventThread::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void EventThread::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    tasks_.clear();
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void EventThread::run() {
  auto next_tick = std::chrono::steady_clock::now() + tick_period_;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (tasks_.empty()) wake_.wait_until(lock, next_tick, [this] { return stopping_ || !tasks_.empty(); });
    if (stopping_) break;
    std::function<void()> task;
    if (!tasks_.empty()) {
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    const bool tick_due = std::chrono::steady_clock::now() >= next_tick;
    lock.unlock();
    if (task) task();
    if (tick_due) {
      on_tick_();
      next_tick = std::chrono::steady_clock::now() + tick_period_;
    }
    lock.lock();
  }
}

}  // namespace votercast::media::call
