// N messages per sender in any M minutes, on an injected clock.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/sms/rate_limiter.hpp"

namespace sms = votercast::core::sms;
using namespace std::chrono_literals;

namespace {

struct FakeClock {
  std::int64_t now = 1764240000000;
  sms::SmsRateLimiter::Clock clock() {
    return [this] { return now; };
  }
};

}  // namespace

TEST(SmsRateLimiter, AllowsNThenRefusesWithRetryAfter) {
  FakeClock t;
  sms::SmsRateLimiter limiter({.messages = 3, .window = 1min}, t.clock());
  EXPECT_TRUE(limiter.admit("+84912345678").allowed);
  t.now += 10'000;
  EXPECT_TRUE(limiter.admit("+84912345678").allowed);
  t.now += 10'000;
  EXPECT_TRUE(limiter.admit("+84912345678").allowed);
  t.now += 5'000;
  const auto refused = limiter.admit("+84912345678");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_ms, 35'000);  // the first message leaves the window at 60 s
  EXPECT_TRUE(limiter.admit("+84987654321").allowed) << "another sender has a window of its own";
}

TEST(SmsRateLimiter, WindowSlides) {
  FakeClock t;
  sms::SmsRateLimiter limiter({.messages = 2, .window = 1min}, t.clock());
  const std::int64_t start = t.now;
  EXPECT_TRUE(limiter.admit("a").allowed);  // 0 s
  t.now = start + 40'000;
  EXPECT_TRUE(limiter.admit("a").allowed);  // 40 s
  t.now = start + 59'999;
  EXPECT_FALSE(limiter.admit("a").allowed);
  t.now = start + 60'000;  // the first one is out: one place
  EXPECT_TRUE(limiter.admit("a").allowed);
  EXPECT_FALSE(limiter.admit("a").allowed);
  t.now = start + 100'000;  // the 40 s one is out
  EXPECT_TRUE(limiter.admit("a").allowed);
}

TEST(SmsRateLimiter, RefusedMessagesDoNotCount) {
  FakeClock t;
  sms::SmsRateLimiter limiter({.messages = 1, .window = 10min}, t.clock());
  const std::int64_t start = t.now;
  EXPECT_TRUE(limiter.admit("a").allowed);
  for (int i = 0; i < 20; ++i) {
    t.now += 29'000;
    const auto d = limiter.admit("a");
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.retry_after_ms, start + 600'000 - t.now);
  }
  t.now = start + 600'000;
  EXPECT_TRUE(limiter.admit("a").allowed);
}

TEST(SmsRateLimiter, IdleSendersAreForgotten) {
  FakeClock t;
  sms::SmsRateLimiter limiter({.messages = 5, .window = 1min}, t.clock());
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.admit("old" + std::to_string(i)).allowed);
  EXPECT_EQ(limiter.tracked_senders(), 1000u);
  t.now += 61'000;
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.admit("new" + std::to_string(i)).allowed);
  EXPECT_LE(limiter.tracked_senders(), 100u);
}

TEST(SmsRateLimiter, ZeroLimitIsAConfigurationError) {
  for (const sms::SmsRateLimiter::Limit limit : {sms::SmsRateLimiter::Limit{.messages = 0, .window = 1min},
                                                 sms::SmsRateLimiter::Limit{.messages = 3, .window = 0ms}}) {
    try {
      sms::SmsRateLimiter limiter(limit);
      FAIL() << "accepted a limit that admits nothing";
    } catch (const votercast::core::DomainError& e) {
      EXPECT_EQ(e.code, "rate_limit_invalid");
    }
  }
}
