#include <gtest/gtest.h>

#include <set>

#include "web/live/console_sessions.hpp"

namespace votercast::web {
namespace {

struct FakeStream : WsConnection {
  bool closed = false;
  bool send(std::shared_ptr<const std::string>) override { return true; }
  void close() override { closed = true; }
  std::size_t queued() const override { return 0; }
};

TEST(ConsoleSessions, StreamsOfSessionsThatEndedAreClosedAndForgotten) {
  ConsoleSessions consoles;
  auto producer = std::make_shared<FakeStream>(), producer_phone = std::make_shared<FakeStream>(),
       moderator = std::make_shared<FakeStream>();
  consoles.opened(producer, "producer-session");
  consoles.opened(producer_phone, "producer-session");
  consoles.opened(moderator, "moderator-session");
  std::set<std::string> standing{"producer-session", "moderator-session"};
  const auto signed_in = [&standing](const std::string& hash) { return standing.contains(hash); };

  EXPECT_EQ(consoles.end_signed_out(signed_in), 0u);
  standing.erase("producer-session");  // e.g. `votercast user disable`
  EXPECT_EQ(consoles.end_signed_out(signed_in), 2u);
  EXPECT_TRUE(producer->closed);
  EXPECT_TRUE(producer_phone->closed);
  EXPECT_FALSE(moderator->closed);
  EXPECT_EQ(consoles.size(), 1u);

  consoles.closed(moderator.get());  // the console went away by itself
  EXPECT_EQ(consoles.size(), 0u);
}

TEST(ConsoleSessions, AStreamAlreadyGoneIsForgottenWithoutAsking) {
  ConsoleSessions consoles;
  consoles.opened(std::make_shared<FakeStream>(), "session");  // its last owner let go
  int asked = 0;
  EXPECT_EQ(consoles.end_signed_out([&asked](const std::string&) { return ++asked, true; }), 0u);
  EXPECT_EQ(asked, 0);
  EXPECT_EQ(consoles.size(), 0u);
}

}  // namespace
}  // namespace votercast::web
