// retention.phones_days in the running server: a show closed longer ago than that has its
// phone numbers dropped at the next start (names kept), an open show keeps its own.
#include <fstream>
#include <thread>

#include "core/store/database.hpp"
#include "live_server.hpp"

namespace votercast::test {
namespace {

class PhoneRetention : public LiveServer {
 protected:
  std::string text(const std::string& sql, std::int64_t id) {  // test-only SQL, from literals
    core::store::Database file(db, core::store::Database::Mode::read_only);
    return *file.prepare(sql).bind(1, id).first([](const core::store::Statement& s) { return s.text(0); });
  }
};

TEST_F(PhoneRetention, AClosedShowsNumbersAreDroppedAfterTheSetDaysAndItsNamesStay) {
  auto producer = staff("sanxuat", "producer");
  auto r = producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 12"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto old_question = submit(*voter(), "Khi nào sửa đường ĐT743?")["id"].get<std::int64_t>();
  r = producer->post("/api/callers", {{"name", "Lê Văn Tám"}, {"phone", "0987654321"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto old_caller = r.json()["id"].get<std::int64_t>();
  ASSERT_EQ(producer->post("/api/shows/current/close", nlohmann::json::object()).status, 200);
  server->stop();

  // An age of under two seconds (fractions of a day are allowed), now passed.
  const auto config = dir.file("retention.json");
  std::ofstream(config) << R"({"retention": {"phones_days": 0.00002}})";
  std::this_thread::sleep_for(std::chrono::milliseconds(1800));
  start({"--config", config});
  ASSERT_TRUE(server->wait_for_output("phone retention: numbers dropped from 1 closed show(s): 1 questions, 1 callers",
                                      std::chrono::seconds(20)))
      << server->output();
  EXPECT_EQ(text("SELECT sender_name || '|' || phone FROM questions WHERE id = ?", old_question), "Trần Hữu Quynh|")
      << "the name was on air and stays; the number goes";
  EXPECT_EQ(text("SELECT name || '|' || phone FROM callers WHERE id = ?", old_caller), "Lê Văn Tám|");

  // The show on air now keeps its numbers, whatever the age of the question.
  producer = login("sanxuat", "mat-khau-sanxuat");
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 13"}}).status, 201);
  const auto new_question = submit(*voter(), "Bệnh viện quá tải")["id"].get<std::int64_t>();
  server->stop();
  start({"--config", config});
  ASSERT_TRUE(server->wait_for_output("listening on", std::chrono::seconds(20))) << server->output();
  EXPECT_EQ(text("SELECT phone FROM questions WHERE id = ?", new_question), "+84912345678");
}

}  // namespace
}  // namespace votercast::test
