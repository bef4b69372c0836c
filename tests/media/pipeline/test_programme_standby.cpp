// While the programme pipeline is being built again, a standby puts the slate and silence
// on air: the recordings go on through the outage on one timeline, showing the slate, and
// health and the control room say so.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "slate_checks.hpp"

namespace votercast::media::test {
namespace {

TEST(ProgrammeStandby, RecordingsShowTheSlateThroughARebuildOnOneTimeline) {
  TempDir dir;
  ProgrammeConfig config = with_orange_slate(dir);
  config.outputs = {"file:" + (dir / "show.ts").string(), "file:" + (dir / "show.mkv").string(),
                    "file:" + (dir / "show.mp4").string()};
  Programme programme(config);
  programme.start();
  for (std::size_t i = 0; i < config.outputs.size(); ++i) {
    ASSERT_TRUE(wait_for_output_state(programme, i, OutputState::running, 10s));
  }
  const auto recording_from = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_for_frames(programme, 40, 10s));
  std::this_thread::sleep_for(1s);

  const auto outage = fail_and_come_back(programme);
  EXPECT_GT(outage, 1200ms) << "the backoff gives the outage its length";
  RecordProperty("outage_ms", static_cast<int>(outage.count()));
  const auto back = programme.health().frames_out;
  ASSERT_TRUE(wait_for_frames(programme, back + 40, 10s));
  const auto health = programme.health();
  for (const auto& output : health.outputs) {
    EXPECT_EQ(output.restarts, 0u) << output.spec << ": the recording never had to start over";
  }
  const double recorded_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - recording_from).count();
  programme.stop();

  expect_slate_through_the_outage(dir / "show.ts", outage, recorded_s);
  expect_slate_through_the_outage(dir / "show.mkv", outage, recorded_s);
  expect_slate_through_the_outage(dir / "show.mp4", outage, recorded_s);
}

bool is_orange(const Rgb& pixel) { return pixel.r > 200 && pixel.g > 90 && pixel.g < 170 && pixel.b < 60; }

TEST(ProgrammeStandby, HealthAndTheControlRoomShowTheSlateWhileThePipelineIsBuiltAgain) {
  TempDir dir;
  ProgrammeConfig config = with_orange_slate(dir);
  config.outputs = {"file:" + (dir / "show.ts").string()};
  Programme programme(config);
  programme.start();
  ASSERT_TRUE(wait_for_output_state(programme, 0, OutputState::running, 10s));
  ASSERT_TRUE(wait_for_frames(programme, 25, 10s));
  const auto before = programme.health();
  EXPECT_FALSE(before.standby_on_air);
  EXPECT_EQ(before.frames_standby, 0u);

  const auto failed_at = std::chrono::steady_clock::now();
  programme.simulate_programme_failure("x264enc: encoder gave up", 1);
  ASSERT_TRUE(wait_until([&] { return programme.health().standby_on_air; }, 1s)) << "no slate on standby";
  RecordProperty("standby_on_air_after_ms",
                 static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - failed_at)
                                      .count()));
  // Ten frames of slate while the pipeline is still down: the programme goes on.
  ASSERT_TRUE(wait_until([&] { return programme.health().frames_standby >= 10; }, 2s));
  const auto during = programme.health();
  EXPECT_TRUE(during.running);
  EXPECT_TRUE(during.programme_restarting);
  EXPECT_TRUE(during.standby_on_air);
  EXPECT_GE(during.frames_slate, before.frames_slate + 10) << "standby frames are slate frames";
  EXPECT_GE(during.frames_out, before.frames_out + 10) << "standby frames went to air";
  ASSERT_EQ(during.outputs.size(), 1u);
  EXPECT_EQ(during.outputs[0].state, OutputState::running);

  // The control room sees the slate: the still and new preview pictures.
  const DecodedPng still(programme.frame_png());
  ASSERT_TRUE(still.valid());
  EXPECT_TRUE(is_orange(still.at(still.width() / 2, still.height() / 2)));
  std::uint64_t seq = 0;
  programme.latest_preview_jpeg(seq);
  std::uint64_t newer = 0;
  EXPECT_NE(programme.wait_preview_jpeg(seq, 1s, newer), nullptr) << "the preview goes on during the rebuild";
  EXPECT_TRUE(programme.health().programme_restarting) << "the outage was long enough to look at";

  // Back: the standby is gone and the input is on air again.
  ASSERT_TRUE(wait_until(
      [&] {
        const auto health = programme.health();
        return !health.programme_restarting && !health.standby_on_air;
      },
      10s));
  // It takes a moment to go after handing over; then its count stays where it is.
  ASSERT_TRUE(wait_for_frames(programme, programme.health().frames_out + 10, 5s));
  const auto after = programme.health();
  ASSERT_TRUE(wait_for_frames(programme, after.frames_out + 25, 5s));
  const auto later = programme.health();
  EXPECT_EQ(later.input_state, InputState::live);
  EXPECT_EQ(later.frames_standby, after.frames_standby) << "the standby stopped";
  EXPECT_GT(later.frames_encoded, after.frames_encoded);
  EXPECT_FALSE(is_orange(DecodedPng(programme.frame_png()).at(320, 120)));
}

TEST(ProgrammeStandby, WithoutOutputsThePreviewShowsTheSlateMeanwhile) {
  TempDir dir;
  Programme programme(with_orange_slate(dir));
  programme.start();
  ASSERT_TRUE(wait_for_frames(programme, 10, 10s));
  programme.simulate_programme_failure("videotestsrc: gave up", 1);
  ASSERT_TRUE(wait_until([&] { return programme.health().standby_on_air; }, 1s));
  ASSERT_TRUE(wait_until([&] { return is_orange(DecodedPng(programme.frame_png()).at(320, 180)); }, 1s));
  const auto during = programme.health();
  EXPECT_TRUE(during.programme_restarting);
  EXPECT_EQ(during.frames_encoded, 0u) << "nothing to encode for";
  std::uint64_t seq = 0;
  programme.latest_preview_jpeg(seq);
  std::uint64_t newer = 0;
  EXPECT_NE(programme.wait_preview_jpeg(seq, 1s, newer), nullptr);
  ASSERT_TRUE(wait_until([&] { return !programme.health().standby_on_air; }, 10s));
  EXPECT_EQ(programme.health().input_state, InputState::live);
}

}  // namespace
}  // namespace votercast::media::test
