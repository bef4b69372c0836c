// The staff WebSocket: snapshot, live events in sequence, reconnect with ?since=,
// and a console too slow to keep up told to resync without slowing the others.
#include <fstream>
#include <thread>

#include "live_server.hpp"

using namespace votercast::test;

class LiveUpdates : public LiveServer {};

TEST_F(LiveUpdates, RefusedWithoutASession) {
  WsClient ws(server->port(), "/ws");
  EXPECT_FALSE(ws.connected());
  EXPECT_EQ(ws.http_status(), 401);
  auto staff = admin();
  WsClient bad_since(server->port(), "/ws?since=abc", staff.get());
  EXPECT_EQ(bad_since.http_status(), 400);
}

TEST_F(LiveUpdates, SnapshotThenEveryEventInOrder) {
  auto staff = admin();
  auto voter = client();
  const auto early = submit(*voter, "Câu hỏi trước khi mở bảng điều khiển")["id"].get<std::int64_t>();
  WsClient ws(server->port(), "/ws", staff.get());
  ASSERT_TRUE(ws.connected()) << ws.error();
  const auto snapshot = ws.next();
  ASSERT_TRUE(snapshot);
  EXPECT_EQ((*snapshot)["type"], "snapshot");
  ASSERT_EQ((*snapshot)["queue"]["questions"].size(), 1u);
  EXPECT_EQ((*snapshot)["queue"]["questions"][0]["id"], early);
  auto seq = (*snapshot)["seq"].get<std::int64_t>();

  const auto id = submit(*voter, "Câu hỏi mới")["id"].get<std::int64_t>();
  transition(*staff, id, "approved", 1);
  const auto created = ws.next();
  ASSERT_TRUE(created);
  EXPECT_EQ((*created)["type"], "question.created");
  EXPECT_EQ((*created)["question"]["id"], id);
  EXPECT_EQ((*created)["seq"], seq + 1);
  const auto updated = ws.next();
  ASSERT_TRUE(updated);
  EXPECT_EQ((*updated)["type"], "question.updated");
  EXPECT_EQ((*updated)["question"]["state"], "approved");
  EXPECT_EQ((*updated)["actor"], "admin");
  EXPECT_EQ((*updated)["seq"], seq + 2);
}

TEST_F(LiveUpdates, ReconnectWithSinceReceivesWhatItMissedInOrder) {
  auto staff = admin();
  auto voter = client();
  std::int64_t last = 0;
  {
    WsClient ws(server->port(), "/ws", staff.get());
    const auto snapshot = ws.next();
    ASSERT_TRUE(snapshot);
    last = (*snapshot)["seq"];
    submit(*voter, "Trong lúc kết nối");
    const auto e = ws.next();
    ASSERT_TRUE(e);
    last = (*e)["seq"];
    ws.drop();  // the console's network goes away
  }
  std::vector<std::int64_t> missed;
  for (int i = 0; i < 5; ++i) missed.push_back(submit(*voter, "Lúc mất kết nối " + std::to_string(i))["id"]);

  WsClient ws(server->port(), "/ws?since=" + std::to_string(last), staff.get());
  ASSERT_TRUE(ws.connected()) << ws.error();
  const auto replay = ws.next();
  ASSERT_TRUE(replay);
  EXPECT_EQ((*replay)["type"], "replay");
  for (std::size_t i = 0; i < missed.size(); ++i) {
    const auto e = ws.next();
    ASSERT_TRUE(e) << "missed event " << i << " never came";
    EXPECT_EQ((*e)["seq"], last + 1 + static_cast<std::int64_t>(i));
    EXPECT_EQ((*e)["question"]["id"], missed[i]);
    // The log keeps a new question's step without its copy; the replay gives the row.
    EXPECT_EQ((*e)["type"], "question.created");
    EXPECT_EQ((*e)["question"]["text"], "Lúc mất kết nối " + std::to_string(i));
    EXPECT_FALSE((*e)["question"]["ticket"].get<std::string>().empty());
  }
  const auto live = submit(*voter, "Sau khi kết nối lại")["id"];
  const auto e = ws.next();
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)["question"]["id"], live);
  EXPECT_EQ((*e)["seq"], last + 6) << "no duplicates and no gaps between replay and live";
}

TEST_F(LiveUpdates, ASlowConsoleIsToldToResyncAndOthersKeepUp) {
  // A small queue keeps the test short (TCP buffers still absorb a few MB first), but
  // not so small that a burst of commits published in one go overflows a fast reader.
  // The 3,000 questions all come from 127.0.0.1: the per-address limit is lifted.
  const auto config = dir.file("small-queue.json");
  std::ofstream(config) << R"({"ws_queue_limit": 128,
                               "intake": {"questions_per_ip": {"burst": 1000000000, "per_second": 1000000000}}})";
  server->stop();
  start({"--config", config});
  auto staff = admin();
  WsClient slow(server->port(), "/ws", staff.get());
  WsClient fast(server->port(), "/ws", staff.get());
  ASSERT_TRUE(slow.connected());
  ASSERT_TRUE(fast.next());  // snapshot

  // Big events (about 6 KB: 990 three-byte letters, twice) fill the slow console's
  // socket buffers quickly; the count is bounded.
  std::string long_text;
  for (int i = 0; i < 990; ++i) long_text += "ệ";
  constexpr int kWriters = 4, kEach = 750;
  std::atomic<int> accepted{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&] {
      HttpClient c(server->port());
      for (int i = 0; i < kEach; ++i)
        if (c.post("/api/questions", {{"text", long_text}}).status == 201) ++accepted;
    });
  int fast_seen = 0;
  while (fast_seen < kWriters * kEach) {
    auto e = fast.next_text(std::chrono::seconds(10));  // counted, not parsed: a reader as quick as a browser
    if (!e) break;
    ++fast_seen;
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(fast_seen, accepted.load()) << "the reading console got every event";

  bool told_to_resync = false;
  while (auto frame = slow.next(std::chrono::seconds(2)))
    if ((*frame)["type"] == "resync") told_to_resync = true;
  EXPECT_TRUE(told_to_resync) << "after " << accepted << " events the slow console was never told to resync";
  EXPECT_TRUE(slow.closed());
  const auto metrics = client()->get("/metrics").body;
  EXPECT_NE(metrics.find("votercast_ws_resyncs 1"), std::string::npos);
}
