// While the programme pipeline is being built again, a standby puts the slate and silence
// on air: the recordings go on through the outage on one timeline, showing the slate, and
// health and the control room say so.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "media_probe.hpp"
#include "programme_fixture.hpp"
#include "recording_reader.hpp"

namespace votercast::media::test {
namespace {

constexpr Rgb kOrange{255, 128, 0};  // in I420: Cb low, Cr high, unlike any test-pattern bar
constexpr std::int64_t kFrameNs = 40'000'000;  // 25 fps

bool shows_slate(const DecodedFrame& frame) {
  return std::all_of(frame.row.begin(), frame.row.end(), [](const Yuv& p) { return p.u < 90 && p.v > 160; });
}

// The moving colour bars: very different brightness across the row.
bool shows_input(const DecodedFrame& frame) {
  const auto [darkest, brightest] =
      std::minmax_element(frame.row.begin(), frame.row.end(), [](const Yuv& a, const Yuv& b) { return a.y < b.y; });
  return brightest->y - darkest->y > 60;
}

ProgrammeConfig with_orange_slate(const TempDir& dir) {
  write_solid_png(dir / "slate.png", 640, 360, kOrange);
  ProgrammeConfig config = small_programme();
  config.slate_image = (dir / "slate.png").string();
  return config;
}

// Fails the programme pipeline and the first attempt to build it again (backoff 0.5 s, then
// 1 s); returns when it is back, with how long that took.
std::chrono::milliseconds fail_and_come_back(Programme& programme) {
  const auto failed_at = std::chrono::steady_clock::now();
  programme.simulate_programme_failure("x264enc: encoder gave up", 1);
  EXPECT_TRUE(wait_until(
      [&] {
        const auto health = programme.health();
        return health.programme_restarts >= 1 && !health.programme_restarting;
      },
      10s))
      << "the programme pipeline did not come back";
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - failed_at);
}

void expect_slate_through_the_outage(const std::filesystem::path& file, std::chrono::milliseconds outage,
                                     double recorded_s) {
  SCOPED_TRACE(file.filename().string());
  const DecodedRecording recording = decode_recording(file);
  ASSERT_TRUE(recording.finished) << recording.error;
  const auto& video = recording.video;
  ASSERT_GT(video.size(), 75u);

  // (a) One timeline: strictly increasing, never a hole of more than three frames, and as
  // long as the programme ran (an outage is neither cut out nor stretched).
  std::int64_t longest_step = 0;
  for (std::size_t i = 1; i < video.size(); ++i) {
    const std::int64_t step = video[i].pts_ns - video[i - 1].pts_ns;
    ASSERT_GT(step, 0) << "timestamps go backwards at frame " << i;
    ASSERT_LE(step, 3 * kFrameNs) << "a hole of " << step / 1'000'000 << " ms at frame " << i;
    longest_step = std::max(longest_step, step);
  }
  ::testing::Test::RecordProperty(file.filename().string() + "_longest_frame_ms",
                                  static_cast<int>(longest_step / 1'000'000));
  const double span_s = static_cast<double>(video.back().pts_ns - video.front().pts_ns) / 1e9;
  EXPECT_NEAR(span_s, recorded_s, 0.5);

  // (b) The input, then the slate for as long as the outage, (c) then the input again.
  const auto slate_begins = std::find_if(video.begin(), video.end(), shows_slate);
  ASSERT_NE(slate_begins, video.end()) << "no slate in the recording";
  const auto slate_ends = std::find_if_not(slate_begins, video.end(), shows_slate);
  ASSERT_NE(slate_ends, video.end()) << "the input never came back";
  EXPECT_GE(std::count_if(video.begin(), slate_begins, shows_input), 25);
  EXPECT_EQ(std::count_if(video.begin(), video.end(), shows_slate), slate_ends - slate_begins)
      << "the slate is on air for the outage only";
  const double slate_s = static_cast<double>(slate_ends->pts_ns - slate_begins->pts_ns) / 1e9;
  EXPECT_NEAR(slate_s, std::chrono::duration<double>(outage).count(), 0.3);
  EXPECT_TRUE(std::all_of(slate_ends, video.end(), shows_input)) << "after the outage, the input";
  EXPECT_GE(video.end() - slate_ends, 25);

  // The sound goes on too: the tone, silence with the slate, the tone again; no hole.
  const auto& audio = recording.audio;
  ASSERT_GT(audio.size(), 50u);
  for (std::size_t i = 1; i < audio.size(); ++i) {
    const std::int64_t hole = audio[i].pts_ns - (audio[i - 1].pts_ns + audio[i - 1].duration_ns);
    ASSERT_LT(hole, 100'000'000) << "no sound for " << hole / 1'000'000 << " ms at buffer " << i;
    ASSERT_GT(audio[i].pts_ns, audio[i - 1].pts_ns) << "audio timestamps go backwards at buffer " << i;
  }
  // Away from the switches by 100 ms, where an AAC frame may carry a bit of both.
  const std::int64_t margin = 100'000'000;
  int tone = 0, silence = 0, loud_in_slate = 0, quiet_in_input = 0;
  for (const auto& buffer : audio) {
    const std::int64_t end = buffer.pts_ns + buffer.duration_ns;
    const bool in_slate = buffer.pts_ns > slate_begins->pts_ns + margin && end < slate_ends->pts_ns - margin;
    const bool in_input = (end < slate_begins->pts_ns - margin && buffer.pts_ns > video.front().pts_ns + margin) ||
                          (buffer.pts_ns > slate_ends->pts_ns + margin && end < video.back().pts_ns - margin);
    if (in_slate) (buffer.peak < 100 ? silence : loud_in_slate) += 1;
    if (in_input) (buffer.peak > 1000 ? tone : quiet_in_input) += 1;
  }
  EXPECT_GT(silence, 20);
  EXPECT_EQ(loud_in_slate, 0);
  EXPECT_GT(tone, 40);
  EXPECT_EQ(quiet_in_input, 0);
}

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
