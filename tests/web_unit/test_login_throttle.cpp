#include <gtest/gtest.h>

#include "web/api/login_throttle.hpp"

namespace votercast::web {
namespace {

using namespace std::chrono_literals;
using Clock = LoginThrottle::Clock;

TEST(LoginThrottle, FailuresForOneNameWaitTheWindowOut) {
  LoginThrottle throttle(3, 100, 60s);
  const auto t0 = Clock::now();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.retry_after("admin", "198.51.100.1", t0), 0) << i;
    throttle.record_failure("admin", "198.51.100.1", t0);
  }
  const int wait = throttle.retry_after("admin", "198.51.100.1", t0 + 10s);
  EXPECT_GE(wait, 50);
  EXPECT_LE(wait, 51);
  EXPECT_EQ(throttle.retry_after("producer", "198.51.100.1", t0 + 10s), 0);  // another name goes on
  EXPECT_EQ(throttle.retry_after("admin", "198.51.100.1", t0 + 61s), 0);     // the window passed
}

TEST(LoginThrottle, OneAddressGuessingManyNamesIsStopped) {
  LoginThrottle throttle(5, 4, 60s);
  const auto t0 = Clock::now();
  for (int i = 0; i < 4; ++i) throttle.record_failure("name" + std::to_string(i), "203.0.113.9", t0);
  EXPECT_GT(throttle.retry_after("fresh-name", "203.0.113.9", t0), 0);
  EXPECT_EQ(throttle.retry_after("fresh-name", "203.0.113.10", t0), 0);
}

TEST(LoginThrottle, ASuccessClearsTheNamesFailures) {
  LoginThrottle throttle(2, 100, 60s);
  const auto t0 = Clock::now();
  throttle.record_failure("admin", "198.51.100.1", t0);
  throttle.record_failure("admin", "198.51.100.1", t0);
  EXPECT_GT(throttle.retry_after("admin", "198.51.100.1", t0), 0);
  throttle.record_success("admin");
  EXPECT_EQ(throttle.retry_after("admin", "198.51.100.1", t0), 0);
}

}  // namespace
}  // namespace votercast::web
