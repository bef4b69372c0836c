// The caller's picture: decoded, letterboxed to the studio's size, the newest one always
// at hand, and frozen (not stalled) when the caller vanishes.
#include <gtest/gtest.h>

#include <thread>

#include "call_pair.hpp"
#include "signal_checks.hpp"

namespace votercast::media::call::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

bool wait_for_frames(CallerLink& link, std::uint64_t count, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (link.stats().frames_received >= count) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

TEST(CallerVideo, QrFrameNumbersIncreaseInTheLatestFrame) {
  CallPair call(loopback_settings("video"), {});
  call.start();
  ASSERT_TRUE(call.wait_for_state(CallState::connected, 20s)) << call.describe_states() << call.caller().error();
  ASSERT_TRUE(wait_for_frames(call.link(), 5, 20s)) << call.describe_states();
  EXPECT_EQ(call.link().stats().video_codec, "VP8");

  // Read the stamped numbers off the newest picture now and then, for a while.
  std::vector<long> numbers;
  std::uint64_t last_counter = 0;
  const auto deadline = Clock::now() + 30s;
  while (numbers.size() < 4 && Clock::now() < deadline) {
    const auto frame = call.link().latest_frame();
    ASSERT_NE(frame, nullptr);
    if (frame->number != last_counter) {
      last_counter = frame->number;
      if (const auto number = qr_frame_number(*frame)) numbers.push_back(*number);
    }
    std::this_thread::sleep_for(150ms);
  }
  // A picture damaged by loss may not scan (a starved machine drops late packets); most do.
  ASSERT_GE(numbers.size(), 3u) << "zbar read too few QR codes off the caller's frames";
  for (std::size_t i = 1; i < numbers.size(); ++i) EXPECT_GT(numbers[i], numbers[i - 1]) << "at " << i;

  // 640x480 in 1280x720: scaled to 960x720 and centred, black bars of 160 on each side.
  const auto frame = call.link().latest_frame();
  ASSERT_EQ(frame->width, 1280);
  ASSERT_EQ(frame->height, 720);
  const std::uint8_t* middle_row = frame->planes[0] + 360 * frame->strides[0];
  EXPECT_LE(middle_row[40], 20) << "left bar";
  EXPECT_LE(middle_row[1240], 20) << "right bar";
  EXPECT_GT(middle_row[400], 40) << "the picture itself (a colour bar)";
}

TEST(CallerVideo, H264WhenTheOfferHasNoVp8) {
  CallPair call(loopback_settings("h264"), {.width = 320, .height = 240, .fps = 15, .h264 = true});
  call.start();
  ASSERT_TRUE(call.wait_for_state(CallState::connected, 20s)) << call.describe_states() << call.caller().error();
  EXPECT_EQ(call.link().stats().video_codec, "H264");
  ASSERT_TRUE(wait_for_frames(call.link(), 5, 20s)) << call.describe_states();
  const auto frame = call.link().latest_frame();
  EXPECT_EQ(frame->width, 1280);
  EXPECT_EQ(frame->height, 720);
}

TEST(CallerVideo, VanishedCallerIsLostWithinOneSecondAndItsPictureFreezes) {
  CallPair call(loopback_settings("loss"), {});
  call.start();
  ASSERT_TRUE(call.wait_for_state(CallState::connected, 20s)) << call.describe_states() << call.caller().error();
  ASSERT_TRUE(wait_for_frames(call.link(), 10, 20s));

  const auto vanished = Clock::now();
  call.caller().stop();
  // (A starved machine may have reported a moment's silence as lost before: only this one counts.)
  ASSERT_TRUE(call.wait_for_state(CallState::lost, 5s, vanished)) << call.describe_states();
  const auto lost = *call.reported_at(CallState::lost, vanished);
  EXPECT_LT(lost - vanished, 1s) << "lost after "
                                 << std::chrono::duration_cast<std::chrono::milliseconds>(lost - vanished).count()
                                 << " ms";
  EXPECT_EQ(call.link().state(), CallState::lost) << call.describe_states();

  // The last picture stays, at once, and nothing new comes.
  const auto before = Clock::now();
  const auto frozen = call.link().latest_frame();
  EXPECT_LT(Clock::now() - before, 50ms);
  ASSERT_NE(frozen, nullptr);
  std::this_thread::sleep_for(300ms);
  const auto later = call.link().latest_frame();
  EXPECT_EQ(later->number, frozen->number);
  EXPECT_EQ(later->width, 1280);
  EXPECT_GE(call.link().stats().last_frame_age, 300ms);
}

}  // namespace
}  // namespace votercast::media::call::test
