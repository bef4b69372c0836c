// When a call counts as connected, lost, failed or closed.
#include <gtest/gtest.h>

#include "media/call/link_health.hpp"

namespace votercast::media::call {
namespace {

using namespace std::chrono_literals;
using Clock = LinkHealth::Clock;

TEST(LinkHealth, ConnectedOnceIceIsUpAndMediaArrives) {
  LinkHealth health(700ms);
  const auto t0 = Clock::now();
  EXPECT_EQ(health.state(), CallState::connecting);
  EXPECT_FALSE(health.on_ice(IceState::checking));
  EXPECT_FALSE(health.on_media(t0)) << "ICE not up yet";
  const auto change = health.on_ice(IceState::connected);
  ASSERT_TRUE(change) << "media already came";
  EXPECT_EQ(change->state, CallState::connected);
  EXPECT_FALSE(health.on_ice(IceState::completed));
}

TEST(LinkHealth, SilenceWhileConnectedIsLostAndMediaBringsItBack) {
  LinkHealth health(700ms);
  const auto t0 = Clock::now();
  health.on_ice(IceState::connected);
  ASSERT_TRUE(health.on_media(t0));
  EXPECT_FALSE(health.on_tick(t0 + 690ms));
  const auto lost = health.on_tick(t0 + 710ms);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->state, CallState::lost);
  EXPECT_NE(lost->reason.find("700 ms"), std::string::npos);
  EXPECT_FALSE(health.on_tick(t0 + 900ms)) << "reported once";
  const auto back = health.on_media(t0 + 1s);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->state, CallState::connected);
}

TEST(LinkHealth, NoSilenceTimeoutBeforeTheFirstMedia) {
  LinkHealth health(700ms);
  health.on_ice(IceState::connected);
  EXPECT_FALSE(health.on_tick(Clock::now() + 10s));
  EXPECT_EQ(health.state(), CallState::connecting);
}

TEST(LinkHealth, IceDisconnectedIsLostAndFailedIsFinal) {
  LinkHealth health(700ms);
  const auto t0 = Clock::now();
  health.on_ice(IceState::connected);
  health.on_media(t0);
  EXPECT_EQ(health.on_ice(IceState::disconnected)->state, CallState::lost);
  EXPECT_EQ(health.on_ice(IceState::failed)->state, CallState::failed);
  EXPECT_FALSE(health.on_ice(IceState::connected));
  EXPECT_FALSE(health.on_media(t0 + 1s));
  EXPECT_FALSE(health.on_close("bye"));
  EXPECT_EQ(health.state(), CallState::failed);
}

TEST(LinkHealth, CloseIsFinal) {
  LinkHealth health(700ms);
  EXPECT_EQ(health.on_close("bye")->state, CallState::closed);
  EXPECT_FALSE(health.on_failure("late error"));
  EXPECT_EQ(health.state(), CallState::closed);
}

}  // namespace
}  // namespace votercast::media::call
