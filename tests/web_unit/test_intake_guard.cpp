#include <gtest/gtest.h>

#include "web/live/intake_guard.hpp"

namespace votercast::web {
namespace {

std::string header(const Response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

TEST(IntakeGuard, AnAddressPastItsBucketWaitsWhatRetryAfterSays) {
  std::int64_t now = 0;
  IntakeSettings settings;
  settings.questions_per_ip = {2, 0.5};  // then one every 2 s
  IntakeGuard guard(settings, [] { return std::size_t{0}; }, [&] { return now; });
  EXPECT_FALSE(guard.refuse("203.0.113.9"));
  EXPECT_FALSE(guard.refuse("203.0.113.9"));
  const auto refused = guard.refuse("203.0.113.9");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_NE(refused->body.find("too_many_questions"), std::string::npos);
  EXPECT_EQ(header(*refused, "Retry-After"), "2");
  EXPECT_FALSE(guard.refuse("203.0.113.10")) << "addresses are apart";
  now += 2000;
  EXPECT_FALSE(guard.refuse("203.0.113.9"));
  EXPECT_EQ(guard.refused_rate_limited(), 1u);
}

TEST(IntakeGuard, WhileTheStoreLagsEveryoneIsToldToComeBackAndKeepsTheirTokens) {
  std::size_t waiting = 0;
  IntakeSettings settings;
  settings.questions_per_ip = {1, 0.001};
  settings.store_queue_limit = 100;
  IntakeGuard guard(settings, [&] { return waiting; }, [] { return std::int64_t{0}; });
  waiting = 101;
  const auto busy = guard.refuse("198.51.100.1");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_NE(busy->body.find("intake_busy"), std::string::npos);
  EXPECT_EQ(header(*busy, "Retry-After"), "2");
  waiting = 100;
  EXPECT_FALSE(guard.refuse("198.51.100.1")) << "the refusal took no token";
  EXPECT_EQ(guard.refused_store_busy(), 1u);
}

TEST(IntakeGuard, ADeviceRunsOutOfItsOwnTokensNotItsNeighboursBehindTheSameAddress) {
  std::int64_t now = 0;
  IntakeSettings settings;
  settings.questions_per_ip = {5, 0.001};
  settings.questions_per_device = {2, 0.1};  // then one every 10 s
  IntakeGuard guard(settings, [] { return std::size_t{0}; }, [&] { return now; });
  const std::string nat = "100.64.0.1";
  EXPECT_FALSE(guard.refuse(nat, "greedy"));
  EXPECT_FALSE(guard.refuse(nat, "greedy"));
  for (int i = 0; i < 10; ++i) {
    const auto refused = guard.refuse(nat, "greedy");
    ASSERT_TRUE(refused) << i;
    EXPECT_EQ(refused->status, 429);
    EXPECT_NE(refused->body.find("too_many_questions"), std::string::npos);
    EXPECT_NE(refused->body.find("Bạn đã gửi"), std::string::npos) << "told it is this device, not the network";
    EXPECT_EQ(header(*refused, "Retry-After"), "10");
  }
  // Its refusals spent none of the address's 5: three neighbours still get in.
  EXPECT_FALSE(guard.refuse(nat, "neighbour-1"));
  EXPECT_FALSE(guard.refuse(nat, "neighbour-2"));
  EXPECT_FALSE(guard.refuse(nat));
  const auto network = guard.refuse(nat, "neighbour-3");
  ASSERT_TRUE(network) << "the address's own bucket still holds for new devices";
  EXPECT_NE(network->body.find("Mạng của bạn"), std::string::npos);
  now += 10000;
  EXPECT_TRUE(guard.refuse(nat, "greedy")) << "its device token came back, but the address has none";
  EXPECT_EQ(guard.refused_rate_limited(), 12u);
}

}  // namespace
}  // namespace votercast::web
