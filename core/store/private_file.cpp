#include "core/store/private_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace votercast::core::store {
namespace {

namespace fs = std::filesystem;

constexpr auto kOwnerOnly = fs::perms::owner_read | fs::perms::owner_write;
constexpr auto kOthers = fs::perms::group_all | fs::perms::others_all;

void create_private_directories(const fs::path& dir) {
  if (dir.empty() || fs::exists(dir)) return;
  create_private_directories(dir.parent_path());
  fs::create_directory(dir);
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
}

void narrow(const fs::path& file) {
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (ec || !fs::is_regular_file(status)) return;
  if ((status.permissions() & kOthers) != fs::perms::none)
    fs::permissions(file, kOwnerOnly, fs::perm_options::replace);
}

}  // namespace

void make_private_database_file(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  const fs::path file(path);
  create_private_directories(file.parent_path());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  if (errno != EEXIST) throw std::runtime_error("cannot create database " + path + ": " + std::strerror(errno));
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) narrow(path + suffix);
}

}  // namespace votercast::core::store
