// The screeners' side of the video calls (issue 15), with real WebRTC links: consoles are
// stand-in streams that record what the server sends them. The offer reaches the console
// that asked, a screener moves from caller to caller one at a time, the room refuses what
// it must (an account without screen_calls, a caller without video, a full room, bad
// messages), and a closed console or a caller who left ends the screening.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "web/live/screening_room.hpp"
#include "web_unit/studio_phone.hpp"

namespace votercast::web {
namespace {

using namespace std::chrono_literals;
using call_test::TestIo;

// A console's stream as the room sees it: what it is sent, parsed.
class TestStream final : public WsConnection {
 public:
  bool send(std::shared_ptr<const std::string> text) override {
    sent.push_back(nlohmann::json::parse(*text));
    return true;
  }
  void close() override {}
  std::size_t queued() const override { return 0; }

  // The last message of that type (null when none), and how many there were.
  nlohmann::json last(const std::string& type) const {
    for (auto it = sent.rbegin(); it != sent.rend(); ++it)
      if ((*it)["type"] == type) return *it;
    return nullptr;
  }
  std::size_t count(const std::string& type) const {
    std::size_t n = 0;
    for (const auto& m : sent) n += m["type"] == type ? 1 : 0;
    return n;
  }
  std::vector<nlohmann::json> sent;  // io thread
};

struct ScreeningRoomTest : ::testing::Test {
  TestIo io;  // before the room: what its links post outlives it unrun
  std::map<std::int64_t, std::shared_ptr<CallerSlot>> callers;  // the callers with a link
  std::unique_ptr<ScreeningRoom> room;
  std::vector<std::int64_t> turn_asked;  // whose credentials the studio's links were given

  void SetUp() override {
    for (const std::int64_t id : {1, 2, 3}) callers[id] = std::make_shared<CallerSlot>();
    ScreeningRoom::Options options;
    options.link.local_addresses = {"127.0.0.1"};
    options.max_screenings = 2;
    options.turn_server_for = [this](std::int64_t id) {
      turn_asked.push_back(id);
      return std::string();  // no relay on loopback
    };
    options.console_ice_servers_for = [](std::int64_t id) {
      return nlohmann::json::array({{{"urls", "stun:127.0.0.1:3478"}, {"for", id}}});
    };
    room = std::make_unique<ScreeningRoom>(options, [this](std::function<void()> fn) { io.post(std::move(fn)); },
                                           [this](std::int64_t id) {
                                             const auto it = callers.find(id);
                                             return it == callers.end() ? nullptr : it->second;
                                           });
  }
  void TearDown() override { room->stop(); }

  std::shared_ptr<TestStream> console(bool may_screen = true) {
    auto stream = std::make_shared<TestStream>();
    room->console_opened(stream, may_screen);
    return stream;
  }
  void say(const std::shared_ptr<TestStream>& stream, const nlohmann::json& message) {
    room->received(stream.get(), message.dump());
  }
  bool offered(const std::shared_ptr<TestStream>& stream, std::int64_t caller_id) {
    return io.pump_until(
        [&] {
          const auto offer = stream->last("screen.offer");
          return !offer.is_null() && offer["caller_id"] == caller_id;
        },
        10s);
  }
};

TEST_F(ScreeningRoomTest, TheConsoleThatAskedGetsTheOfferForItsCaller) {
  auto asking = console();
  auto other = console();
  say(asking, {{"type", "screen.start"}, {"caller_id", 1}});
  EXPECT_EQ(asking->last("screen.state")["state"], "connecting");
  ASSERT_TRUE(offered(asking, 1));
  const auto sdp = asking->last("screen.offer")["sdp"].get<std::string>();
  EXPECT_NE(sdp.find("m=video"), std::string::npos);
  EXPECT_NE(sdp.find("m=audio"), std::string::npos);
  EXPECT_NE(sdp.find("VP8"), std::string::npos);
  // The console gets the call's STUN and TURN servers; the studio's link its credentials.
  EXPECT_EQ(asking->last("screen.offer")["ice_servers"],
            nlohmann::json::parse(R"([{"urls":"stun:127.0.0.1:3478","for":1}])"));
  EXPECT_EQ(turn_asked, std::vector<std::int64_t>{1});
  ASSERT_TRUE(io.pump_until([&] { return asking->count("screen.ice") > 0; }, 5s));
  for (const auto& m : asking->sent) {
    if (m["type"] != "screen.ice") continue;
    EXPECT_NE(m["candidate"].get<std::string>().find("127.0.0.1"), std::string::npos);
  }
  EXPECT_TRUE(other->sent.empty()) << "another console hears nothing of it";
  EXPECT_EQ(room->watching(1), 1u);
  EXPECT_EQ(room->screenings(), 1u);
}

TEST_F(ScreeningRoomTest, AScreenerWatchesOneCallerAtATime) {
  auto desk = console();
  say(desk, {{"type", "screen.start"}, {"caller_id", 1}});
  ASSERT_TRUE(offered(desk, 1));
  const auto switched = desk->sent.size();
  say(desk, {{"type", "screen.start"}, {"caller_id", 2}});
  ASSERT_TRUE(offered(desk, 2));
  EXPECT_EQ(room->watching(1), 0u);
  EXPECT_EQ(room->watching(2), 1u);
  // What was still on its way from the first link is dropped, never sent as the second's.
  io.pump_for(300ms);
  for (std::size_t i = switched; i < desk->sent.size(); ++i) EXPECT_EQ(desk->sent[i]["caller_id"], 2) << desk->sent[i].dump();
  say(desk, {{"type", "screen.stop"}, {"caller_id", 2}});
  EXPECT_EQ(room->screenings(), 0u);
}

TEST_F(ScreeningRoomTest, RefusesWhatItMustWithAReason) {
  auto viewer = console(false);  // an operator's console: no screen_calls
  say(viewer, {{"type", "screen.start"}, {"caller_id", 1}});
  EXPECT_EQ(viewer->last("screen.ended")["code"], "forbidden");

  auto desk = console();
  say(desk, {{"type", "screen.start"}, {"caller_id", 9}});
  EXPECT_EQ(desk->last("screen.ended")["code"], "no_caller_video");
  room->received(desk.get(), "not json {");
  EXPECT_EQ(desk->last("error")["code"], "bad_message");
  say(desk, {{"caller_id", 1}});
  EXPECT_EQ(desk->count("error"), 2u);
  say(desk, {{"type", "screen.start"}, {"caller_id", "1"}});
  EXPECT_EQ(desk->count("error"), 3u);
  say(desk, {{"type", "screen.start"}, {"caller_id", -4}});
  EXPECT_EQ(desk->count("error"), 4u);
  say(desk, {{"type", "screen.dance"}, {"caller_id", 1}});
  EXPECT_EQ(desk->count("error"), 5u);
  say(desk, {{"type", "screen.answer"}, {"caller_id", 1}});  // no SDP
  EXPECT_EQ(desk->count("error"), 6u);
  say(desk, {{"type", "screen.ice"}, {"caller_id", 1}, {"candidate", 5}});
  EXPECT_EQ(desk->count("error"), 7u);
  EXPECT_EQ(room->screenings(), 0u);

  // Two at once here (max_screenings): a third console waits its turn.
  auto second = console();
  auto third = console();
  say(desk, {{"type", "screen.start"}, {"caller_id", 1}});
  say(second, {{"type", "screen.start"}, {"caller_id", 2}});
  say(third, {{"type", "screen.start"}, {"caller_id", 3}});
  EXPECT_EQ(third->last("screen.ended")["code"], "screenings_full");
  EXPECT_EQ(room->screenings(), 2u);

  // An answer that is not SDP ends that screening with a reason.
  ASSERT_TRUE(offered(desk, 1));
  say(desk, {{"type", "screen.answer"}, {"caller_id", 1}, {"sdp", "not sdp"}});
  ASSERT_TRUE(io.pump_until([&] { return !desk->last("screen.ended").is_null() &&
                                         desk->last("screen.ended")["code"] == "bad_answer"; }, 5s));
  EXPECT_EQ(room->watching(1), 0u);
}

TEST_F(ScreeningRoomTest, AClosedConsoleOrACallerWhoLeftEndsTheScreening) {
  auto desk = console();
  auto other = console();
  say(desk, {{"type", "screen.start"}, {"caller_id", 1}});
  say(other, {{"type", "screen.start"}, {"caller_id", 2}});
  ASSERT_TRUE(offered(desk, 1));
  room->caller_gone(1);
  EXPECT_EQ(desk->last("screen.ended")["code"], "caller_left");
  EXPECT_EQ(room->watching(1), 0u);
  room->console_closed(other.get());
  EXPECT_EQ(room->screenings(), 0u);
  // Late callbacks of the ended links reach nobody.
  const auto seen = desk->sent.size();
  io.pump_for(300ms);
  for (std::size_t i = seen; i < desk->sent.size(); ++i) ADD_FAILURE() << desk->sent[i].dump();
}

}  // namespace
}  // namespace votercast::web
