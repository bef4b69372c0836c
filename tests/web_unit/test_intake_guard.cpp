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

}  // namespace
}  // namespace votercast::web
