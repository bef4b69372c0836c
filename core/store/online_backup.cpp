#include "core/store/online_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/store/database.hpp"

namespace votercast::core::store {
namespace {

namespace fs = std::filesystem;

std::string system_error(const std::string& what, int error) { return what + ": " + std::strerror(error); }

// The temporary file, made here (0600, exclusive) so that SQLite opens a file that is
// already private; removed again unless it was renamed into place.
class TempCopy {
 public:
  explicit TempCopy(const fs::path& target) {
    const auto dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw std::runtime_error("không có thư mục " + dir.string() + " (directory does not exist)");
    std::string pattern = (dir / ("." + target.filename().string() + ".backup-XXXXXX")).string();
    const int fd = ::mkstemp(pattern.data());  // mode 0600
    if (fd < 0) throw std::runtime_error(system_error("không ghi được vào thư mục " + dir.string(), errno));
    ::close(fd);
    path_ = pattern;
  }
  ~TempCopy() {
    if (path_.empty()) return;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((path_ + suffix).c_str());
  }
  TempCopy(const TempCopy&) = delete;
  TempCopy& operator=(const TempCopy&) = delete;
  const std::string& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::string path_;
};

void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(system_error("cannot open " + path, errno));
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) throw std::runtime_error(system_error("cannot sync " + path, error));
}

BackupResult copy_pages(Database& from, Database& to, const BackupOptions& options) {
  sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
  if (!backup) throw std::runtime_error(std::string("backup: ") + sqlite3_errmsg(to.handle()));
  BackupResult result;
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, options.pages_per_step);
    ++result.steps;
    // Busy or locked: another connection holds what this step needs; try again shortly.
    if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(rc == SQLITE_OK ? 1 : 20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  result.pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw std::runtime_error(std::string("backup: ") + sqlite3_errstr(rc));
  return result;
}

std::string integrity_of(Database& db) {
  auto& check = db.prepare("PRAGMA integrity_check");
  std::string report;
  while (check.step()) report += (report.empty() ? "" : "; ") + check.text(0);
  check.reset();
  return report;
}

}  // namespace

BackupResult backup_database(const std::string& source, const std::string& target, BackupOptions options) {
  if (options.pages_per_step <= 0) options.pages_per_step = 256;
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) throw std::runtime_error("không có cơ sở dữ liệu " + source + " (no such file)");
  if (fs::is_directory(target, ec)) throw std::runtime_error(target + " là một thư mục: hãy cho tên tệp (is a directory)");
  TempCopy temp{fs::path(target)};
  BackupResult result;
  {
    Database from(source, Database::Mode::read_only);
    // One snapshot for the whole copy: a commit by the server between steps would
    // otherwise restart the copy from its first page, for ever under steady intake.
    ReadTransaction moment(from);
    from.prepare("SELECT count(*) FROM sqlite_schema").scalar_int64();
    Database to(temp.path());
    result = copy_pages(from, to, options);
    moment.end();
    const auto report = integrity_of(to);
    if (report != "ok") throw std::runtime_error("bản sao không toàn vẹn (integrity_check: " + report + ")");
  }
  sync_path(temp.path(), O_RDONLY);
  if (::rename(temp.path().c_str(), target.c_str()) != 0)
    throw std::runtime_error(system_error("không đổi tên được thành " + target, errno));
  temp.release();
  const auto dir = fs::path(target).parent_path();
  sync_path(dir.empty() ? "." : dir.string(), O_RDONLY | O_DIRECTORY);  // the rename itself is durable
  return result;
}

}  // namespace votercast::core::store
