// What the database file gives away to other accounts of the machine: nothing. It holds
// password hashes, session tokens, keys and voters' phone numbers.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/store/database.hpp"
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

// The log keeps what replay needs; the numbers themselves stay in the rows, where an
// erasure on request reaches them (and the log is kept for months).
TEST_F(DataAtRest, TheEventLogKeepsPhoneNumbersMasked) {
  start();
  auto producer = staff("sanxuat", "producer");
  auto moderator = staff("kiemduyet", "moderator");
  auto screener = staff("trucdt", "screener");
  const auto origin = "http://127.0.0.1:" + std::to_string(server->port());
  for (auto* c : {producer.get(), moderator.get(), screener.get()}) c->set_default_header("Origin", origin);
  std::int64_t last = 0;
  {
    WsClient ws(server->port(), "/ws", producer.get());
    const auto snapshot = ws.next();
    ASSERT_TRUE(snapshot);
    last = (*snapshot)["seq"];
  }
  const auto q = submit(*voter(), "Xin hỏi khi nào sửa đường ĐT743 đoạn qua phường Bình An?");  // 0912345678
  transition(*moderator, q["id"], "approved", 1);
  const auto caller = screener->post("/api/callers", {{"name", "Lê Văn Tám"}, {"phone", "0987654321"}});
  ASSERT_EQ(caller.status, 201) << caller.body;

  {
    core::store::Database log(db, core::store::Database::Mode::read_only);
    auto& rows = log.prepare("SELECT type, payload FROM events WHERE seq > ?");
    rows.bind(1, last);
    const auto events = rows.rows([](const core::store::Statement& r) { return r.text(0) + " " + r.text(1); });
    ASSERT_GE(events.size(), 3u);
    bool masked_seen = false;
    for (const auto& e : events) {
      EXPECT_EQ(e.find("912345678"), std::string::npos) << e;
      EXPECT_EQ(e.find("987654321"), std::string::npos) << e;
      masked_seen = masked_seen || e.find("0987***321") != std::string::npos;
    }
    EXPECT_TRUE(masked_seen) << "the log still says a number was given";
  }

  // A console that may see numbers gets them back on a replay, from the rows.
  const auto replayed = [&](HttpClient& who) {
    WsClient ws(server->port(), "/ws?since=" + std::to_string(last), &who);
    std::map<std::string, std::string> phones;  // event type -> the phone it carried
    for (auto e = ws.next(); e && (*e)["type"] != "heartbeat"; e = ws.next(std::chrono::milliseconds(500))) {
      if (e->contains("question")) phones[(*e)["type"]] = (*e)["question"].value("phone", "");
      if (e->contains("caller")) phones[(*e)["type"]] = (*e)["caller"].value("phone", "");
    }
    return phones;
  };
  const auto full = replayed(*producer);
  EXPECT_EQ(full.at("question.created"), "+84912345678");
  EXPECT_EQ(full.at("question.updated"), "+84912345678");
  EXPECT_EQ(full.at("caller.created"), "+84987654321");
  const auto masked = replayed(*moderator);
  EXPECT_EQ(masked.at("question.updated"), "0912***678");
  EXPECT_EQ(masked.at("caller.created"), "0987***321");
}

}  // namespace
}  // namespace votercast::test
