// Retention of the event log in the running server: a show closed longer ago than
// retention.events_days loses, at the next start, the events only a live console read and
// its questions' events their copy of the question, while its report and each question's
// history read the same; a console whose `since` lies among the pruned events gets a fresh
// snapshot, never a replay with a hole in it.
#include <fstream>
#include <thread>

#include "core/store/group_commit_writer.hpp"
#include "live_server.hpp"
#include "web/config/retention_settings.hpp"
#include "web/live/event_hub.hpp"

namespace votercast::test {
namespace {

class Retention : public LiveServer {
 protected:
  std::int64_t events(const std::string& where = "1") {  // test-only SQL, from literals
    core::store::Database db(this->db, core::store::Database::Mode::read_only);
    return db.prepare("SELECT count(*) FROM events WHERE " + where).scalar_int64();
  }
  std::int64_t payload_bytes(std::int64_t upto) {
    core::store::Database db(this->db, core::store::Database::Mode::read_only);
    return db.prepare("SELECT total(length(payload)) FROM events WHERE seq <= ?").bind(1, upto).scalar_int64();
  }
  std::int64_t last_seq() {
    core::store::Database db(this->db, core::store::Database::Mode::read_only);
    return db.prepare("SELECT max(seq) FROM events").scalar_int64();
  }
  std::int64_t version_of(HttpClient& staff, std::int64_t id) {
    return staff.get("/api/questions/" + std::to_string(id)).json()["version"].get<std::int64_t>();
  }
  void to(HttpClient& staff, std::int64_t id, const std::string& state) {
    transition(staff, id, state, version_of(staff, id));
  }
  nlohmann::json report(HttpClient& staff, std::int64_t show_id) {
    const auto r = staff.get("/api/reports/" + std::to_string(show_id));
    EXPECT_EQ(r.status, 200) << r.body;
    auto out = r.json();
    out.erase("generated_at");
    return out;
  }
};

TEST_F(Retention, AnOldShowIsPrunedAtStartAndItsReportHistoryAndReplayStayRight) {
  auto producer = staff("sanxuat", "producer");
  auto r = producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 11"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto show_id = r.json()["id"].get<std::int64_t>();
  std::vector<std::int64_t> ids;
  for (const auto* text : {"Khi nào sửa đường ĐT743?", "Bệnh viện quá tải", "Hỏi linh tinh", "Đường ĐT743 bao giờ sửa?"})
    ids.push_back(submit(*voter(), text)["id"].get<std::int64_t>());  // four voters
  for (auto id : {ids[0], ids[1]}) to(*producer, id, "approved");
  to(*producer, ids[2], "rejected");
  ASSERT_EQ(producer->post("/api/questions/" + std::to_string(ids[3]) + "/merge",
                           {{"into", ids[0]}, {"version", version_of(*producer, ids[3])}}).status, 200);
  to(*producer, ids[0], "queued");
  to(*producer, ids[0], "on_air");
  ASSERT_EQ(producer->post("/api/callers", {{"name", "Lê Văn Tám"}, {"phone", "0987654321"}}).status, 201);
  r = producer->post("/api/polls", {{"title", "Bạn có hài lòng?"},
                                    {"options", {{{"code", "A"}, {"label", "Có"}}, {{"code", "B"}, {"label", "Không"}}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto poll_id = r.json()["id"].get<std::int64_t>();
  ASSERT_EQ(producer->post("/api/polls/" + std::to_string(poll_id) + "/open", {{"version", 1}}).status, 200);
  ASSERT_EQ(producer->post("/api/shows/current/close", nlohmann::json::object()).status, 200);

  const auto report_before = report(*producer, show_id);
  std::vector<nlohmann::json> histories_before;
  for (auto id : ids) histories_before.push_back(producer->get("/api/questions/" + std::to_string(id)).json()["history"]);
  const auto show_last = last_seq();
  const auto live_only = "(type GLOB 'caller.*' OR type GLOB 'poll.*') AND seq <= " + std::to_string(show_last);
  const auto live_only_before = events(live_only);
  ASSERT_GE(live_only_before, 3) << "a caller logged, a poll made and opened";
  const auto question_events = events("question_id IS NOT NULL");
  // A new question's event is logged without its copy (the row holds it): nothing to drop.
  const auto with_copy = events("question_id IS NOT NULL AND type != 'question.created'");
  const auto bytes_before = payload_bytes(show_last);
  server->stop();
  ASSERT_EQ(events(), show_last) << "nothing pruned under the default age of 90 days";

  // Weeks of later shows: more events than a console is ever replayed (twice as many).
  {
    core::store::GroupCommitWriter writer(db, core::store::Durability::normal);
    writer.run([](core::store::WriteContext& ctx) {
      for (int i = 0; i <= 2 * web::EventHub::kMaxReplay; ++i) ctx.emit("intake.changed", "sanxuat", std::nullopt, R"({"paused":false})");
    });
  }
  const auto last = last_seq();

  // An age of under two seconds (fractions of a day are allowed), now passed.
  const auto config = dir.file("retention.json");
  std::ofstream(config) << R"({"retention": {"events_days": 0.00002}})";
  std::this_thread::sleep_for(std::chrono::milliseconds(1800));
  start({"--config", config});
  ASSERT_TRUE(server->wait_for_output("event retention: " + std::to_string(live_only_before) + " events deleted, " +
                                          std::to_string(with_copy) + " compacted\n",
                                      std::chrono::seconds(20)))
      << server->output();

  EXPECT_EQ(events(live_only), 0) << "what only a live console read is gone";
  EXPECT_EQ(events(), last - live_only_before) << "and nothing else";
  EXPECT_EQ(events("question_id IS NOT NULL"), question_events) << "every step of every question is kept";
  EXPECT_EQ(events("json_type(payload, '$.question') IS NOT NULL"), 0);
  EXPECT_LT(payload_bytes(show_last) * 2, bytes_before) << "the show's part of the log is less than half its size";

  producer = login("sanxuat", "mat-khau-sanxuat");
  EXPECT_EQ(report(*producer, show_id), report_before) << "the report counts the same";
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ(producer->get("/api/questions/" + std::to_string(ids[i])).json()["history"], histories_before[i])
        << "the audit trail of question " << ids[i];

  // A console that last saw one of the pruned events starts afresh...
  WsClient behind(server->port(), "/ws?since=" + std::to_string(show_last - 1), producer.get());
  ASSERT_TRUE(behind.connected()) << behind.error();
  const auto first = behind.next();
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)["type"], "snapshot") << "never a replay with a hole in it";
  EXPECT_EQ((*first)["seq"], last);
  // ...and one a few events behind is replayed them, as they were.
  WsClient recent(server->port(), "/ws?since=" + std::to_string(last - 3), producer.get());
  const auto replay = recent.next();
  ASSERT_TRUE(replay);
  EXPECT_EQ((*replay)["type"], "replay");
  for (std::int64_t seq = last - 2; seq <= last; ++seq) {
    const auto e = recent.next();
    ASSERT_TRUE(e);
    EXPECT_EQ((*e)["seq"], seq);
    EXPECT_EQ((*e)["type"], "intake.changed");
  }
  // And the house goes on.
  submit(*client(), "Sau khi dọn nhật ký");
}

TEST_F(Retention, ABadAgeStopsTheServerWithItsName) {
  const auto config = dir.file("bad.json");
  std::ofstream(config) << R"({"retention": {"events_days": -3}})";
  std::string out;
  EXPECT_EQ(run_cli("serve --port 0 --no-programme --db " + dir.file("other.db") + " --config " + config, "", &out), 1);
  EXPECT_NE(out.find("'retention.events_days' must be a number of days from 0 to 36500"), std::string::npos) << out;
}

}  // namespace
}  // namespace votercast::test
