#include "web/live/read_thread.hpp"

namespace votercast::web {

ReadThread::ReadThread(const std::string& db_path, std::size_t max_waiting)
    : db_(db_path, core::store::Database::Mode::read_only), max_waiting_(max_waiting) {}

bool ReadThread::post(std::function<void(core::store::Database&)> job) {
  if (waiting_.fetch_add(1) >= max_waiting_) {
    waiting_.fetch_sub(1);
    return false;
  }
  worker_.run([this, job = std::move(job)] {
    waiting_.fetch_sub(1);
    job(db_);
  });
  return true;
}

}  // namespace votercast::web
