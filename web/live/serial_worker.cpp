#include "web/live/serial_worker.hpp"

#include <exception>
#include <iostream>

namespace votercast::web {
namespace {

// A task that throws is its own failure: the worker, and the process, go on.
void run_guarded(const std::function<void()>& task) {
  try {
    task();
  } catch (const std::exception& e) {
    std::cerr << "votercast: a media task threw: " << e.what() << std::endl;
  } catch (...) {
    std::cerr << "votercast: a media task threw" << std::endl;
  }
}

}  // namespace

SerialWorker::SerialWorker() {
  thread_ = std::thread([this] {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;  // stopping, and nothing left
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      run_guarded(task);
    }
  });
}

SerialWorker::~SerialWorker() { stop(); }

void SerialWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void SerialWorker::run(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      tasks_.push_back(std::move(task));
      wake_.notify_one();
      return;
    }
  }
  // Stopped (the server is shutting down): a link that was made still has to be ended.
  run_guarded(task);
}

std::size_t SerialWorker::waiting() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

}  // namespace votercast::web
