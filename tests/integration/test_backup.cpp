// `votercast backup FILE` while the server takes questions: the copy holds every question
// acknowledged before it began, is private, and a server started on it serves them.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "core/store/database.hpp"
#include "live_server.hpp"

namespace votercast::test {
namespace {

class Backup : public LiveServer {
 protected:
  void SetUp() override { start(many_voters_here()); }
};

TEST_F(Backup, ACopyTakenUnderSteadyIntakeHoldsEveryAcknowledgedQuestionAndServesThem) {
  std::mutex mutex;
  std::vector<std::string> acknowledged;  // tickets, in the order their 201 came
  std::atomic<bool> stop{false}, finished{false};
  std::thread intake([&] {
    auto voter = client();
    // Bounded: well under the per-address burst (300), and stopped once the copy is made.
    for (int i = 0; i < 250 && !stop; ++i) {
      const auto r = voter->post("/api/questions", {{"name", "Cử tri " + std::to_string(i)}, {"phone", "0912345678"},
                                                    {"area", "Phường Hòa Phú"}, {"topic", "giao thông"},
                                                    {"text", "Câu hỏi số " + std::to_string(i) + " về đường ĐT743"}});
      if (r.status != 201) continue;
      std::lock_guard lock(mutex);
      acknowledged.push_back(r.json()["ticket"].get<std::string>());
    }
    finished = true;
  });
  const auto acknowledged_count = [&] {
    std::lock_guard lock(mutex);
    return acknowledged.size();
  };
  while (acknowledged_count() < 30 && !finished) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  std::vector<std::string> before;
  {
    std::lock_guard lock(mutex);
    before = acknowledged;
  }
  const auto copy = dir.file("sao-luu/votercast-copy.db");
  std::filesystem::create_directory(dir.file("sao-luu"));
  std::string out;
  const int code = run_cli("backup " + copy + " --db " + db, "", &out);
  // The server takes questions on as before (the thread ends by itself after 250).
  while (acknowledged_count() < before.size() + 10 && !finished) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  intake.join();
  ASSERT_EQ(code, 0) << out;
  ASSERT_GE(before.size(), 30u);
  EXPECT_GE(acknowledged_count(), before.size() + 10) << "the server took questions on";

  struct stat st {};
  ASSERT_EQ(::stat(copy.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the copy holds the same phone numbers";
  for (const auto& entry : std::filesystem::directory_iterator(dir.file("sao-luu")))
    EXPECT_EQ(entry.path().string(), copy) << "no temporary file is left behind";
  {
    core::store::Database check(copy, core::store::Database::Mode::read_only);
    EXPECT_EQ(check.prepare("PRAGMA integrity_check").first([](const core::store::Statement& s) { return s.text(0); }),
              "ok");
    EXPECT_GE(check.prepare("SELECT count(*) FROM questions").scalar_int64(), static_cast<std::int64_t>(before.size()));
  }

  // The drill's second way: start a server on the copy.
  ServerProcess restored(copy, many_voters_here());
  HttpClient voter(restored.port());
  for (const auto& ticket : before) {
    const auto r = voter.get("/api/tickets/" + ticket);
    EXPECT_EQ(r.status, 200) << ticket << ": " << r.body;
  }
}

TEST_F(Backup, ABadTargetPathIsRefusedClearly) {
  std::string out;
  EXPECT_NE(run_cli("backup " + dir.file("khong-co/ban-sao.db") + " --db " + db, "", &out), 0);
  EXPECT_NE(out.find("khong-co"), std::string::npos) << out;
  EXPECT_NE(out.find("does not exist"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("khong-co")));

  EXPECT_NE(run_cli("backup " + dir.path().string() + " --db " + db, "", &out), 0) << "a directory is not a file";
  EXPECT_NE(out.find("is a directory"), std::string::npos) << out;

  if (::geteuid() != 0) {  // root writes anywhere
    const auto locked = dir.file("chi-doc");
    std::filesystem::create_directory(locked);
    std::filesystem::permissions(locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    EXPECT_NE(run_cli("backup " + locked + "/ban-sao.db --db " + db, "", &out), 0);
    EXPECT_NE(out.find("Permission denied"), std::string::npos) << out;
    std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
  }
  EXPECT_EQ(client()->get("/api/tickets/ABCD-EFGH").status, 404) << "the server runs on";
}

}  // namespace
}  // namespace votercast::test
