// `votercast erase` beside the running server: one voter's name and number gone from the
// rows and the log, the questions and their tickets still there, the erasure logged.
#include <gtest/gtest.h>

#include "core/store/database.hpp"
#include "live_server.hpp"

namespace votercast::test {
namespace {

class Erase : public LiveServer {
 protected:
  std::int64_t count(const std::string& sql) {  // test-only SQL, from literals
    core::store::Database file(db, core::store::Database::Mode::read_only);
    return file.prepare(sql).scalar_int64();
  }
};

TEST_F(Erase, ByPhoneOrTicketWhileTheServerRuns) {
  auto moderator = staff("kiemduyet", "moderator");
  auto screener = staff("trucdt", "screener");
  auto producer = staff("sanxuat", "producer");
  const auto origin = "http://127.0.0.1:" + std::to_string(server->port());
  for (auto* c : {moderator.get(), screener.get(), producer.get()}) c->set_default_header("Origin", origin);
  auto voter_a = voter();
  const auto q1 = submit(*voter_a, "Xin hỏi khi nào sửa đường ĐT743 đoạn qua phường Bình An?");  // 0912345678
  const auto q2 = submit(*voter_a, "Bệnh viện huyện quá tải, khi nào xây thêm?", "y tế");
  transition(*moderator, q1["id"], "approved", 1);  // its event holds a copy with the name
  const auto r = voter()->post("/api/questions", {{"name", "Lê Văn Tám"}, {"phone", "0987654321"},
                                                  {"area", "Phường Hòa Phú"}, {"topic", "giáo dục"},
                                                  {"text", "Trường học thiếu phòng, khi nào xây?"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto other = r.json();
  const auto caller = screener->post("/api/callers", {{"name", "Trần Hữu Quynh"}, {"phone", "0912 345 678"}});
  ASSERT_EQ(caller.status, 201) << caller.body;
  ASSERT_GE(count("SELECT count(*) FROM events WHERE payload GLOB '*Quynh*'"), 2);

  std::string out;
  ASSERT_EQ(run_cli("erase --phone '84 912 345 678' --db " + db, "", &out), 0) << out;  // as intake reads it
  EXPECT_NE(out.find("2 câu hỏi"), std::string::npos) << out;
  for (const auto& q : {q1, q2}) {
    const auto row = producer->get("/api/questions/" + std::to_string(q["id"].get<std::int64_t>())).json();
    EXPECT_EQ(row["name"], "") << row;
    EXPECT_EQ(row["phone"], "") << row;
    EXPECT_FALSE(row["text"].get<std::string>().empty()) << "the question itself stays: " << row;
    EXPECT_EQ(voter()->get("/api/tickets/" + q["ticket"].get<std::string>()).status, 200) << "and its ticket";
  }
  const auto kept = producer->get("/api/questions/" + std::to_string(other["id"].get<std::int64_t>())).json();
  EXPECT_EQ(kept["name"], "Lê Văn Tám") << "another voter's data is left alone";
  EXPECT_EQ(count("SELECT count(*) FROM callers WHERE name != '' OR phone != ''"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE payload GLOB '*Quynh*' OR payload GLOB '*912345678*'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE type = 'privacy.erased' AND actor = 'cli' "
                  "AND json_extract(payload, '$.phone') = '0912***678' AND json_extract(payload, '$.questions') = 2 "
                  "AND json_extract(payload, '$.callers') = 1"),
            1);

  // By ticket: the other voter, all of theirs.
  ASSERT_EQ(run_cli("erase --ticket " + other["ticket"].get<std::string>() + " --db " + db, "", &out), 0) << out;
  EXPECT_EQ(producer->get("/api/questions/" + std::to_string(other["id"].get<std::int64_t>())).json()["name"], "");
  EXPECT_EQ(count("SELECT count(*) FROM questions WHERE sender_name != '' OR phone != ''"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM questions"), 3) << "the counts stay";

  // Clear refusals.
  EXPECT_EQ(run_cli("erase --phone 'khong phai so' --db " + db, "", &out), 2) << out;
  EXPECT_NE(out.find("not a phone number"), std::string::npos) << out;
  EXPECT_EQ(run_cli("erase --ticket ZZZZ-ZZZZ --db " + db, "", &out), 1) << out;
  EXPECT_NE(out.find("nothing found"), std::string::npos) << out;
  EXPECT_NE(run_cli("erase --db " + db, "", &out), 0) << out;
  EXPECT_NE(run_cli("erase --phone 0912345678 --ticket ZZZZZZZZ --db " + db, "", &out), 0) << out;

  submit(*voter(), "Câu hỏi sau khi xoá: máy chủ vẫn nhận");
}

TEST_F(Erase, AnOpenConsoleSeesTheErasureWithinSeconds) {
  auto producer = staff("sanxuat", "producer");
  auto screener = staff("trucdt", "screener");
  const auto origin = "http://127.0.0.1:" + std::to_string(server->port());
  for (auto* c : {producer.get(), screener.get()}) c->set_default_header("Origin", origin);
  const auto q = submit(*voter(), "Xin hỏi khi nào sửa đường ĐT743 đoạn qua phường Bình An?");  // 0912345678
  const auto caller = screener->post("/api/callers", {{"name", "Trần Hữu Quynh"}, {"phone", "0912 345 678"},
                                                      {"notes", "anh Quynh, tổ 3"}});
  ASSERT_EQ(caller.status, 201) << caller.body;
  WsClient console(server->port(), "/ws", producer.get());
  ASSERT_TRUE(console.connected()) << console.error();
  ASSERT_TRUE(console.next()) << "the snapshot";

  // The CLI writes from its own process; the server's writer publishes what it finds.
  std::string out;
  ASSERT_EQ(run_cli("erase --phone 0912345678 --db " + db, "", &out), 0) << out;
  const auto erased_at = std::chrono::steady_clock::now();
  std::optional<nlohmann::json> question, called, logged;
  std::int64_t last_seq = 0;
  while (!(question && called && logged)) {
    const auto frame = console.next(std::chrono::seconds(5));
    ASSERT_TRUE(frame) << "the erasure did not reach the console";
    if (frame->contains("seq") && (*frame)["type"] != "heartbeat") {
      EXPECT_GT((*frame)["seq"].get<std::int64_t>(), last_seq) << "in order";
      last_seq = (*frame)["seq"];
    }
    if ((*frame)["type"] == "question.updated" && (*frame)["change"] == "erase") question = frame;
    if ((*frame)["type"] == "caller.updated" && (*frame)["change"] == "erase") called = frame;
    if ((*frame)["type"] == "privacy.erased") logged = frame;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - erased_at, std::chrono::seconds(4));
  EXPECT_EQ((*question)["question"]["id"], q["id"]);
  EXPECT_EQ((*question)["question"]["name"], "");
  EXPECT_EQ((*called)["caller"]["name"], "");
  EXPECT_EQ((*called)["caller"]["notes"], "");

  // The server's own events go on after the CLI's, in order.
  submit(*voter(), "Câu hỏi sau khi xoá: máy chủ vẫn nhận");
  for (;;) {
    const auto frame = console.next(std::chrono::seconds(5));
    ASSERT_TRUE(frame) << "no event after the erasure";
    if ((*frame)["type"] != "question.created") continue;
    EXPECT_GT((*frame)["seq"].get<std::int64_t>(), last_seq);
    break;
  }
}

}  // namespace
}  // namespace votercast::test
