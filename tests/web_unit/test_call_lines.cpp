// The callers' phones on their sockets: what they say is checked and handed to the
// signalling, the lines fill up at max_calls (a phone coming back is never refused),
// the studio's decisions reach the phone, and a chatty phone is cut off.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "web/live/call_lines.hpp"

namespace votercast::web {
namespace {

struct FakePhone : WsConnection {
  std::vector<nlohmann::json> sent;
  bool closed = false;
  bool send(std::shared_ptr<const std::string> text) override {
    sent.push_back(nlohmann::json::parse(*text));
    return true;
  }
  void close() override { closed = true; }
  std::size_t queued() const override { return 0; }
  std::string last_type() const { return sent.empty() ? "" : sent.back().value("type", ""); }
};

struct Recorder : CallSignalling {
  std::vector<std::pair<std::int64_t, nlohmann::json>> messages;
  std::vector<std::int64_t> connected, disconnected, over;
  SendToCaller send;
  void caller_connected(std::int64_t id, SendToCaller s) override {
    connected.push_back(id);
    send = std::move(s);
  }
  void caller_message(std::int64_t id, const nlohmann::json& m) override { messages.emplace_back(id, m); }
  void caller_disconnected(std::int64_t id) override { disconnected.push_back(id); }
  void call_over(std::int64_t id) override { over.push_back(id); }
};

core::Caller caller(std::int64_t id, const std::string& name = "Mai") {
  core::Caller c;
  c.id = id;
  c.name = name;
  return c;
}

TEST(CallLines, RelayCheckedSignallingBothWays) {
  Recorder signalling;
  CallLines lines(8, signalling);
  auto phone = std::make_shared<FakePhone>();
  lines.opened(phone, caller(7));
  ASSERT_EQ(phone->sent.size(), 1u);
  EXPECT_EQ(phone->sent[0]["type"], "hello");
  EXPECT_EQ(phone->sent[0]["state"], "waiting");
  EXPECT_EQ(phone->sent[0]["ice_servers"], nlohmann::json::array()) << "none set: host candidates only";
  EXPECT_EQ(signalling.connected, std::vector<std::int64_t>{7});

  lines.received(phone.get(), R"({"type":"offer","sdp":"v=0"})");
  lines.received(phone.get(), R"({"type":"ice","candidate":"candidate:1","sdpMLineIndex":0})");
  ASSERT_EQ(signalling.messages.size(), 2u);
  EXPECT_EQ(signalling.messages[0].second["sdp"], "v=0");
  EXPECT_EQ(phone->sent.size(), 1u) << "nothing answers an offer yet";

  lines.received(phone.get(), "[1,2]");
  EXPECT_EQ(phone->sent.back()["code"], "bad_message");
  lines.received(phone.get(), R"({"type":42})");
  EXPECT_EQ(phone->sent.back()["code"], "bad_message");
  lines.received(phone.get(), R"({"type":"hello"})");
  EXPECT_EQ(phone->sent.back()["code"], "unknown_type");
  lines.received(phone.get(), R"({"type":"ping"})");
  EXPECT_EQ(phone->last_type(), "pong");
  EXPECT_EQ(signalling.messages.size(), 2u);

  // The media answers through the way it was given.
  EXPECT_TRUE(signalling.send(R"({"type":"answer","sdp":"v=0"})"));
  EXPECT_EQ(phone->last_type(), "answer");

  EXPECT_TRUE(lines.connected(7));
  EXPECT_EQ(lines.closed(phone.get()), 7);
  EXPECT_EQ(signalling.disconnected, std::vector<std::int64_t>{7});
  EXPECT_FALSE(lines.connected(7));
  EXPECT_EQ(lines.open(), 0u);
  phone.reset();  // the server lets go of a closed socket
  EXPECT_FALSE(signalling.send("{}")) << "the phone is gone";
}

TEST(CallLines, FillUpButNeverRefuseAPhoneComingBack) {
  Recorder signalling;
  CallLines lines(2, signalling);
  auto a = std::make_shared<FakePhone>(), b = std::make_shared<FakePhone>(), a2 = std::make_shared<FakePhone>();
  EXPECT_FALSE(lines.full(1));
  lines.opened(a, caller(1));
  lines.opened(b, caller(2));
  EXPECT_TRUE(lines.full(3));
  EXPECT_FALSE(lines.full(1));
  lines.opened(a2, caller(1));
  EXPECT_TRUE(a->closed);
  EXPECT_EQ(a->sent.back()["code"], "replaced");
  EXPECT_EQ(lines.closed(a.get()), std::nullopt) << "the replaced socket's close is no leaving";
  EXPECT_EQ(lines.open(), 2u);
  EXPECT_EQ(lines.closed(a2.get()), 1);
  EXPECT_FALSE(lines.full(3));
}

TEST(CallLines, TellThePhoneWhatTheStudioDecided) {
  Recorder signalling;
  CallLines lines(8, signalling);
  auto phone = std::make_shared<FakePhone>();
  lines.opened(phone, caller(5));
  lines.caller_changed(6, core::CallerState::on_air);  // someone else
  EXPECT_EQ(phone->sent.size(), 1u);
  EXPECT_FALSE(lines.caller_changed(5, core::CallerState::waiting));
  EXPECT_EQ(phone->sent.size(), 1u) << "an edit or a video change is no news to the phone";
  EXPECT_FALSE(lines.caller_changed(5, core::CallerState::on_air));
  EXPECT_EQ(phone->sent.back(), nlohmann::json({{"type", "state"}, {"state", "on_air"}}));
  EXPECT_FALSE(phone->closed);
  EXPECT_TRUE(lines.caller_changed(5, core::CallerState::done)) << "the caller has left";
  EXPECT_EQ(phone->sent.back()["type"], "ended");
  EXPECT_EQ(phone->sent.back()["code"], "call_ended");
  EXPECT_TRUE(phone->closed);
  EXPECT_EQ(lines.open(), 0u);
  EXPECT_EQ(signalling.over, std::vector<std::int64_t>{5});
  EXPECT_TRUE(signalling.disconnected.empty()) << "an ended call is over, not merely disconnected";
  // A caller whose phone has gone but whose media may still flow: the call is over too.
  EXPECT_FALSE(lines.caller_changed(9, core::CallerState::dropped));
  EXPECT_EQ(signalling.over, (std::vector<std::int64_t>{5, 9}));
  EXPECT_FALSE(lines.caller_changed(9, core::CallerState::waiting));
  EXPECT_EQ(signalling.over.size(), 2u);
}

TEST(CallLines, EndingACallForgetsItAtOnce) {
  Recorder signalling;
  CallLines lines(1, signalling);
  auto phone = std::make_shared<FakePhone>();
  lines.opened(phone, caller(5));
  EXPECT_FALSE(lines.end(6, "call_link_revoked", "x"));
  EXPECT_EQ(signalling.over, std::vector<std::int64_t>{6}) << "no phone, but perhaps media to end";
  EXPECT_TRUE(lines.end(5, "call_link_revoked", "Ban biên tập đã kết thúc cuộc gọi video này."));
  EXPECT_TRUE(phone->closed);
  EXPECT_EQ(phone->sent.back()["code"], "call_link_revoked");
  EXPECT_EQ(signalling.over, (std::vector<std::int64_t>{6, 5}));
  EXPECT_TRUE(signalling.disconnected.empty());
  EXPECT_FALSE(lines.full(7)) << "the line is free before the socket has finished closing";
  EXPECT_EQ(lines.closed(phone.get()), std::nullopt);
}

TEST(CallLines, CutOffAPhoneThatFloods) {
  Recorder signalling;
  CallLines lines(8, signalling);
  auto phone = std::make_shared<FakePhone>();
  lines.opened(phone, caller(5));
  for (int i = 0; i < CallLines::kMessagesPerWindow; ++i) lines.received(phone.get(), R"({"type":"ice","candidate":""})");
  EXPECT_FALSE(phone->closed);
  lines.received(phone.get(), R"({"type":"ice","candidate":""})");
  EXPECT_TRUE(phone->closed);
  EXPECT_EQ(phone->sent.back()["code"], "too_many_messages");
}

// The phone learns the studio's STUN and TURN servers in its hello.
TEST(CallLines, TheHelloCarriesTheIceServers) {
  Recorder signalling;
  const auto servers = nlohmann::json::parse(R"([{"urls": "turn:turn.example.vn:3478", "username": "u", "credential": "p"}])");
  std::vector<std::int64_t> asked;
  CallLines lines(8, signalling, [&](std::int64_t id) {
    asked.push_back(id);
    return servers;
  });
  auto phone = std::make_shared<FakePhone>();
  lines.opened(phone, caller(3));
  ASSERT_EQ(phone->sent.size(), 1u);
  EXPECT_EQ(phone->sent[0]["ice_servers"], servers);
  EXPECT_EQ(asked, std::vector<std::int64_t>{3}) << "each caller's own";
}

}  // namespace
}  // namespace votercast::web
