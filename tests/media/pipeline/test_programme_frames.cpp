// The programme runs at the configured size and rate, and graphics reach air at once.
#include <gtest/gtest.h>

#include <thread>

#include "media_probe.hpp"
#include "probe_overlay.hpp"
#include "programme_fixture.hpp"

namespace votercast::media::test {
namespace {

TEST(ProgrammeFrames, ArriveAtTheConfiguredSizeAndRate) {
  Programme programme(small_programme());
  auto probe = std::make_shared<ProbeOverlay>();
  programme.set_overlay(probe);  // before start: the first frame already has it
  programme.start();
  ASSERT_TRUE(wait_for_frames(programme, 10, 10s));

  const auto first = programme.health();
  const auto began = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(2s);  // a measuring window, not a wait for a condition
  const auto last = programme.health();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();

  EXPECT_NEAR((last.frames_out - first.frames_out) / seconds, 25.0, 2.5);
  EXPECT_NEAR((last.preview_frames - first.preview_frames) / seconds, 10.0, 2.0);
  EXPECT_EQ(last.frames_encoded, 0u) << "without outputs nothing is encoded";
  EXPECT_EQ(last.input_state, InputState::live);
  EXPECT_GT(last.frames_in, 50u);
  EXPECT_EQ(last.frames_slate, 0u);
  EXPECT_TRUE(last.running);
  EXPECT_GE(last.uptime, 2s);
  EXPECT_GT(last.blend_avg_ms, 0.0);
  EXPECT_TRUE(last.programme_error.empty()) << last.programme_error;

  const DecodedPng still(programme.frame_png());
  ASSERT_TRUE(still.valid());
  EXPECT_EQ(still.width(), 640);
  EXPECT_EQ(still.height(), 360);

  std::uint64_t seq = 0;
  const auto jpeg = programme.latest_preview_jpeg(seq);
  ASSERT_TRUE(jpeg);
  EXPECT_GT(seq, 10u);
  EXPECT_EQ(jpeg_size(*jpeg), std::make_pair(320, 180));

  // Every programme frame, in order, exactly one frame duration apart.
  const auto frames = probe->frames();
  ASSERT_GT(frames.size(), 50u);
  EXPECT_EQ(probe->last_width(), 640);
  EXPECT_EQ(probe->last_height(), 360);
  for (std::size_t i = 1; i < frames.size(); ++i) {
    ASSERT_EQ(frames[i].running_time_ns - frames[i - 1].running_time_ns, 40'000'000) << "at frame " << i;
  }
  programme.stop();
  EXPECT_FALSE(programme.running());
  EXPECT_TRUE(programme.frame_png().empty());
}

TEST(ProgrammeFrames, GraphicsTakeAirWithinTwoFrames) {
  Programme programme(small_programme());
  auto before = std::make_shared<ProbeOverlay>();
  programme.set_overlay(before);
  programme.start();
  ASSERT_TRUE(wait_for_frames(programme, 10, 10s));

  auto take = std::make_shared<ProbeOverlay>();
  take->paint({64, 64, 128, 96, kRedY, kRedCb, kRedCr});
  const std::size_t frames_before_take = before->count();
  programme.set_overlay(take);
  // At most the frame already being blended still sees the old graphics.
  EXPECT_LE(before->count(), frames_before_take + 1);
  ASSERT_TRUE(wait_until([&] { return take->count() >= 2; }, 2s));

  const DecodedPng on_air(programme.frame_png());
  ASSERT_TRUE(on_air.valid());
  const Rgb inside = on_air.at(128, 112);
  EXPECT_GT(inside.r, 200);
  EXPECT_LT(inside.g, 60);
  EXPECT_LT(inside.b, 60);
  const Rgb outside = on_air.at(400, 300);
  EXPECT_FALSE(outside.r > 200 && outside.g < 60 && outside.b < 60) << "only the rectangle is painted";

  // Taking graphics off works the same way.
  programme.set_overlay(nullptr);
  const std::size_t painted = take->count();
  const auto frames_now = programme.health().frames_out;
  ASSERT_TRUE(wait_for_frames(programme, frames_now + 2, 2s));
  EXPECT_LE(take->count(), painted + 1);
  const Rgb cleared = DecodedPng(programme.frame_png()).at(128, 112);
  EXPECT_FALSE(cleared.r > 200 && cleared.g < 60 && cleared.b < 60);
}

class SlowGraphics : public FrameOverlay {
 public:
  void blend(VideoFrameView&, std::int64_t) override { std::this_thread::sleep_for(3ms); }
};

TEST(ProgrammeFrames, HealthMeasuresTheTimeSpentBlending) {
  Programme programme(small_programme());
  programme.set_overlay(std::make_shared<SlowGraphics>());
  programme.start();
  ASSERT_TRUE(wait_for_frames(programme, 30, 10s));
  const auto health = programme.health();
  EXPECT_GE(health.blend_avg_ms, 2.9);
  EXPECT_LT(health.blend_avg_ms, 40.0);
  EXPECT_GE(health.blend_max_ms, health.blend_avg_ms);
}

TEST(ProgrammePreview, WaitReturnsWhenTheProgrammeStops) {
  Programme programme(small_programme());
  programme.start();
  std::uint64_t seq = 0;
  ASSERT_TRUE(programme.wait_preview_jpeg(0, 3s, seq));
  std::thread stopper([&] {
    std::this_thread::sleep_for(200ms);
    programme.stop();
  });
  const auto began = std::chrono::steady_clock::now();
  std::uint64_t ignored = 0;
  // Asks for a preview far in the future: only stop() can end the wait early.
  EXPECT_FALSE(programme.wait_preview_jpeg(seq + 1'000'000, 20s, ignored));
  EXPECT_LT(std::chrono::steady_clock::now() - began, 10s);
  stopper.join();
}

}  // namespace
}  // namespace votercast::media::test
