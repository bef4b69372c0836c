#include "web/net/blocking_worker.hpp"

#include <exception>
#include <iostream>

namespace votercast::web {
namespace {

// A task that throws is its own failure: the worker, and the process, go on.
void run_guarded(const std::function<void()>& task) {
  try {
    task();
  } catch (const std::exception& e) {
    std::cerr << "votercast: a worker task threw: " << e.what() << std::endl;
  } catch (...) {
    std::cerr << "votercast: a worker task threw" << std::endl;
  }
}

}  // namespace

BlockingWorker::BlockingWorker(std::size_t max_waiting, OnStop on_stop)
    : max_waiting_(max_waiting), on_stop_(on_stop) {
  thread_ = std::thread([this] {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;  // stopping, and nothing left to finish
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      run_guarded(task);
    }
  });
}

BlockingWorker::~BlockingWorker() { stop(); }

void BlockingWorker::stop() {
  std::deque<std::function<void()>> dropped;  // destroyed outside the lock
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (on_stop_ == OnStop::drop_waiting) dropped.swap(tasks_);
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void BlockingWorker::run(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      tasks_.push_back(std::move(task));
      wake_.notify_one();
      return;
    }
  }
  if (on_stop_ == OnStop::finish_all) run_guarded(task);
}

bool BlockingWorker::try_run(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || tasks_.size() >= max_waiting_) return false;
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
  return true;
}

}  // namespace votercast::web
