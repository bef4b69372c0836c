// What the database file gives away to other accounts of the machine: nothing. It holds
// password hashes, session tokens, keys and voters' phone numbers.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "live_server.hpp"

namespace votercast::test {
namespace {

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

class DataAtRest : public LiveServer {
 protected:
  void SetUp() override {}  // each test places its database first
};

TEST_F(DataAtRest, ANewDatabaseAndItsDirectoriesAreTheServerAccountsAlone) {
  const mode_t old_umask = ::umask(022);  // the usual one: files 0644, directories 0755
  db = dir.file("du-lieu/votercast/votercast.db");
  start();
  ::umask(old_umask);
  submit(*voter(), "Xin hỏi khi nào sửa đường ĐT743 đoạn qua phường Bình An?");
  EXPECT_EQ(mode_of(db), 0600u);
  EXPECT_EQ(mode_of(db + "-wal"), 0600u) << "the log holds the same rows";
  EXPECT_EQ(mode_of(dir.file("du-lieu/votercast")), 0700u);
  EXPECT_EQ(mode_of(dir.file("du-lieu")), 0700u);
}

TEST_F(DataAtRest, AnOlderDatabaseOthersCouldReadIsNarrowed) {
  db = dir.file("votercast.db");
  start();
  submit(*voter(), "Xin hỏi khi nào sửa đường ĐT743 đoạn qua phường Bình An?");
  server.reset();
  std::filesystem::permissions(db, std::filesystem::perms(0644));
  start();
  EXPECT_EQ(mode_of(db), 0600u);
  EXPECT_EQ(mode_of(db + "-wal"), 0600u);
  EXPECT_EQ(client()->get("/api/tickets/ABCD-EFGH").status, 404) << "and the server runs on it";
}

TEST_F(DataAtRest, TheCommandLineCreatesItPrivateToo) {
  db = dir.file("moi/votercast.db");
  const mode_t old_umask = ::umask(022);
  std::string out;
  const int code = run_cli("user add bientap --role moderator --password-stdin --db " + db, "mat-khau-bien-tap", &out);
  ::umask(old_umask);
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(mode_of(db), 0600u);
  EXPECT_EQ(mode_of(dir.file("moi")), 0700u);
}

}  // namespace
}  // namespace votercast::test
