// What the console and the control room rely on in the staff WebSocket beyond the
// events themselves: no cross-site upgrade, the intake and the scene in the snapshot,
// heartbeats on a quiet line, and the rundown version in the events that change it.
#include <fstream>

#include "live_server.hpp"

namespace votercast::test {
namespace {

class ConsoleStream : public LiveServer {
 protected:
  void SetUp() override {
    const auto config = dir.file("votercast.json");
    std::ofstream(config) << R"({"ws_heartbeat_seconds": 1})";
    start({"--config", config});
  }
};

TEST_F(ConsoleStream, AnotherSitesPageCannotOpenTheStream) {
  auto staff = admin();
  WsClient foreign(server->port(), "/ws", staff.get(), {{"Origin", "https://evil.example"}});
  EXPECT_FALSE(foreign.connected());
  EXPECT_EQ(foreign.http_status(), 403);
  WsClient same(server->port(), "/ws", staff.get(), {{"Origin", "http://127.0.0.1:" + std::to_string(server->port())}});
  EXPECT_TRUE(same.connected()) << same.error();
}

TEST_F(ConsoleStream, TheSnapshotCarriesTheIntakeSwitchAndTheSceneThenHeartbeatsKeepTheLineAlive) {
  auto producer = staff("sanxuat", "producer");
  ASSERT_EQ(producer->request("PUT", "/api/intake", R"({"paused":true})").status, 200);
  WsClient ws(server->port(), "/ws", producer.get());
  ASSERT_TRUE(ws.connected()) << ws.error();
  const auto snapshot = ws.next();
  ASSERT_TRUE(snapshot);
  EXPECT_EQ((*snapshot)["intake"]["paused"], true);
  EXPECT_TRUE((*snapshot)["scene"]["scene"].contains("question_card"));
  EXPECT_TRUE((*snapshot)["scene"]["generation"].is_number_integer());  // 0 until the engine first publishes
  const auto seq = (*snapshot)["seq"].get<std::int64_t>();

  const auto beat = ws.next(std::chrono::seconds(3));
  ASSERT_TRUE(beat);
  EXPECT_EQ((*beat)["type"], "heartbeat");
  EXPECT_EQ((*beat)["seq"], seq);  // the last event this console has, not a new one
}

TEST_F(ConsoleStream, QueueingAndTakingTellTheRundownVersionToUseNext) {
  auto producer = staff("sanxuat", "producer");
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri — kỳ 12"}}).status, 201);
  auto voter = client();
  const auto a = submit(*voter, "Khi nào sửa đường ĐT743?")["id"].get<std::int64_t>();
  const auto b = submit(*voter, "Khu công nghiệp xả khói ban đêm")["id"].get<std::int64_t>();
  transition(*producer, a, "approved", 1);
  transition(*producer, b, "approved", 1);
  const auto queued_a = transition(*producer, a, "queued", 2);
  const auto queued_b = transition(*producer, b, "queued", 2);
  (void)queued_a;
  (void)queued_b;

  const auto history = producer->get("/api/questions/" + std::to_string(b)).json()["history"];
  const auto rundown = producer->get("/api/rundown").json();
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back()["rundown_version"], rundown["rundown_version"]);
  // The version in the event is the one a reorder must name.
  const auto reorder = producer->request("PUT", "/api/rundown",
                                         nlohmann::json{{"version", history.back()["rundown_version"]},
                                                        {"order", {b, a}}}
                                             .dump());
  EXPECT_EQ(reorder.status, 200) << reorder.body;
}

}  // namespace
}  // namespace votercast::test
