#include "slate_checks.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace votercast::media::test {
namespace {

constexpr std::int64_t kFrameNs = 40'000'000;  // 25 fps

}  // namespace

bool shows_slate(const DecodedFrame& frame) {
  return std::all_of(frame.row.begin(), frame.row.end(), [](const Yuv& p) { return p.u < 90 && p.v > 160; });
}

// Very different brightness across the row.
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

}  // namespace votercast::media::test
