#include "web/live/archive_reader.hpp"

namespace votercast::web {

ArchiveReader::ArchiveReader(const std::string& db_path, std::size_t max_waiting)
    : db_(db_path, core::store::Database::Mode::read_only), max_waiting_(max_waiting) {}

bool ArchiveReader::search(core::store::ArchiveFilter filter, Done done) {
  if (waiting_.fetch_add(1) >= max_waiting_) {
    waiting_.fetch_sub(1);
    return false;
  }
  worker_.run([this, filter = std::move(filter), done = std::move(done)] {
    core::store::QuestionPage page;
    std::exception_ptr error;
    try {
      page = core::store::list_archive(db_, filter);
    } catch (...) {
      error = std::current_exception();
    }
    waiting_.fetch_sub(1);
    done(error, std::move(page));
  });
  return true;
}

}  // namespace votercast::web
