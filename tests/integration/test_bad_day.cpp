// A bad day for the database file: another process holds it, the disk fills up. Intake
// answers 503 with Retry-After (gateways and the voter page retry), nothing it
// acknowledged is lost, and it recovers by itself once the file is free again.
#include <gtest/gtest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "live_server.hpp"

namespace votercast::test {
namespace {

using Clock = std::chrono::steady_clock;

class BadDay : public LiveServer {
 protected:
  void SetUp() override {}
  // Every question here comes from 127.0.0.1, one after another: no limits in the way.
  std::vector<std::string> unlimited_intake() {
    const auto path = dir.file("unlimited.json");
    std::ofstream(path) << R"({"intake": {"collapse_repeats": false,
                                          "questions_per_ip": {"burst": 1000000000, "per_second": 1000000000}}})";
    return {"--config", path};
  }
  HttpResult ask(HttpClient& c, const std::string& text) {
    return c.post("/api/questions", {{"name", "Nguyễn Văn An"}, {"area", "Phường Hòa Phú"}, {"text", text}});
  }
  std::int64_t stored_questions() {
    core::store::Database reader(db, core::store::Database::Mode::read_only);
    return reader.prepare("SELECT count(*) FROM questions").scalar_int64();
  }
};

TEST_F(BadDay, AnotherProcessHoldingTheWriteLock) {
  start(unlimited_intake());
  auto voter = client();
  ASSERT_EQ(ask(*voter, "Câu hỏi trước khi tệp bị giữ").status, 201);

  // A sqlite3 shell left in a write transaction (BEGIN IMMEDIATE), released within the
  // writer's bound: the writer waits it out, and the question is taken.
  {
    core::store::Database shell(db);
    shell.exec("BEGIN IMMEDIATE");
    auto answer = std::async(std::launch::async, [&] {
      auto c = client();
      return ask(*c, "Câu hỏi trong lúc tệp bị giữ một giây").status;
    });
    std::this_thread::sleep_for(std::chrono::seconds(1));
    shell.exec("ROLLBACK");
    EXPECT_EQ(answer.get(), 201);
  }

  // Held past the bound: 503 with Retry-After, soon, and nothing is stored half.
  core::store::Database shell(db);
  shell.exec("BEGIN IMMEDIATE");
  const auto started = Clock::now();
  const auto refused = ask(*voter, "Câu hỏi khi tệp bị giữ quá lâu");
  const auto waited = Clock::now() - started;
  expect_error(refused, 503, "storage_busy");
  EXPECT_EQ(refused.header("retry-after"), "2");
  EXPECT_LT(waited, std::chrono::seconds(20)) << "a bound, not a hang";
  EXPECT_EQ(client()->get("/healthz").status, 200) << "reading goes on meanwhile";
  shell.exec("ROLLBACK");

  // Free again: taken at once.
  EXPECT_EQ(ask(*voter, "Câu hỏi sau khi tệp được trả").status, 201);
  EXPECT_EQ(stored_questions(), 3) << "the refused question is not in the file";
}

// A small tmpfs is a disk that fills up. Mounting one takes root (CI runs as root).
class FullDisk : public BadDay {
 protected:
  std::string disk = dir.file("disk");
  bool mounted = false;

  void SetUp() override {
    std::filesystem::create_directories(disk);
    if (::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=24m,mode=0700") != 0)
      GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << "): run as root to try a full disk";
    mounted = true;
    db = disk + "/votercast.db";
  }
  void TearDown() override {
    server.reset();
    if (mounted) ::umount(disk.c_str());
  }

  // Takes every free byte of the disk; returns the file that holds them.
  std::string fill_disk() {
    const auto filler = disk + "/filler";
    std::ofstream out(filler, std::ios::binary);
    const std::string chunk(64 * 1024, 'x');
    for (int i = 0; i < 24 * 16 + 16 && out.write(chunk.data(), chunk.size()); ++i) out.flush();
    return filler;
  }
};

TEST_F(FullDisk, IntakeAnswers503AndRecoversWhenSpaceReturns) {
  start(unlimited_intake());
  auto voter = client();
  std::vector<std::string> acknowledged;
  const auto take = [&](const std::string& text) {
    const auto r = ask(*voter, text);
    if (r.status == 201) acknowledged.push_back(r.json()["ticket"]);
    return r;
  };
  for (int i = 0; i < 20; ++i) ASSERT_EQ(take("Câu hỏi số " + std::to_string(i) + " về đường ĐT743").status, 201);

  const auto filler = fill_disk();
  int refused = 0;
  for (int i = 0; i < 3000 && refused < 5; ++i) {
    const auto r = take("Khi đĩa đầy, câu hỏi số " + std::to_string(i) + " về cấp nước sạch cho xã An Bình");
    ASSERT_TRUE(r.status == 201 || r.status == 503) << r.status << " " << r.body;
    if (r.status == 503) {
      ++refused;
      EXPECT_EQ(r.header("retry-after"), "2");
      EXPECT_EQ(r.json()["error"]["code"], "storage_full") << r.body;
    }
  }
  ASSERT_EQ(refused, 5) << "the disk never filled";
  EXPECT_EQ(client()->get("/healthz").status, 200) << "the server lives on";

  std::filesystem::remove(filler);
  bool recovered = false;
  for (int i = 0; i < 20 && !recovered; ++i) {
    recovered = take("Sau khi có chỗ trống, câu hỏi số " + std::to_string(i)).status == 201;
    if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(recovered) << "intake did not come back by itself";

  // Every acknowledged question is there, after a restart too.
  server.reset();
  start(unlimited_intake());
  auto reader = client();
  for (const auto& ticket : acknowledged) EXPECT_EQ(reader->get("/api/tickets/" + ticket).status, 200) << ticket;
  EXPECT_EQ(stored_questions(), static_cast<std::int64_t>(acknowledged.size()));
}

}  // namespace
}  // namespace votercast::test
