// When the input goes away the slate goes to air within a second, the programme keeps its
// rhythm, and when the input comes back it is on air again without anyone touching anything.
#include <gtest/gtest.h>

#include <algorithm>

#include "media_probe.hpp"
#include "probe_overlay.hpp"
#include "programme_fixture.hpp"
#include "srt_test_sender.hpp"

namespace votercast::media::test {
namespace {

// Colours as they arrive in I420 (BT.601), told apart by the blue-difference channel.
constexpr std::uint32_t kGreenArgb = 0xff00c000;  // Cb ~ 72
bool looks_green(const AiredFrame& frame) { return frame.u < 100 && frame.v < 110; }
bool looks_like_card(const AiredFrame& frame) { return frame.u > 140; }  // the default slate's deep blue

void expect_continuous(const std::vector<AiredFrame>& frames, std::int64_t frame_ns) {
  ASSERT_GT(frames.size(), 2u);
  for (std::size_t i = 1; i < frames.size(); ++i) {
    ASSERT_EQ(frames[i].running_time_ns - frames[i - 1].running_time_ns, frame_ns) << "at frame " << i;
  }
}

// The first frame after `from` that satisfies the predicate, or frames.end().
template <typename Predicate>
auto first_after(const std::vector<AiredFrame>& frames, std::chrono::steady_clock::time_point from,
                 Predicate predicate) {
  return std::find_if(frames.begin(), frames.end(),
                      [&](const AiredFrame& frame) { return frame.aired >= from && predicate(frame); });
}

TEST(InputLoss, SrtFeedThatStopsShowsTheSlateAndComesBackByItself) {
  TempDir dir;
  const int port = free_loopback_port(Transport::udp);
  ProgrammeConfig config = small_programme();
  config.input = "srt://127.0.0.1:" + std::to_string(port) + "?mode=listener";
  config.outputs = {"file:" + (dir / "continuity.mkv").string()};
  Programme programme(config);
  auto probe = std::make_shared<ProbeOverlay>();
  programme.set_overlay(probe);
  programme.start();  // a listener is up as soon as its port is bound
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(programme.health().input_state, InputState::starting);

  SrtTestSender encoder(port, kGreenArgb);
  ASSERT_TRUE(encoder.start());
  ASSERT_TRUE(wait_until([&] { return programme.health().input_state == InputState::live; }, 10s));
  ASSERT_TRUE(wait_until([&] { const auto f = probe->frames(); return !f.empty() && looks_green(f.back()); }, 5s));

  // The encoder goes off air.
  encoder.stop();
  const auto lost_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_until([&] { return programme.health().input_state == InputState::lost; }, 3s));
  ASSERT_TRUE(wait_until([&] { const auto f = probe->frames(); return looks_like_card(f.back()); }, 3s));
  {
    const auto frames = probe->frames();
    const auto slate = first_after(frames, lost_at, looks_like_card);
    ASSERT_NE(slate, frames.end());
    EXPECT_LT(slate->aired - lost_at, 1s) << "slate within a second of the feed stopping";
    RecordProperty("slate_after_ms",
                   static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(slate->aired - lost_at).count()));
  }
  const DecodedPng card(programme.frame_png());
  int bright_text_pixels = 0;  // "Tín hiệu tạm gián đoạn" in white across the middle
  for (int x = 0; x < card.width(); x += 2) {
    const Rgb pixel = card.at(x, card.height() / 2 - 25);
    if (pixel.r > 200 && pixel.g > 200 && pixel.b > 200) ++bright_text_pixels;
  }
  EXPECT_GT(bright_text_pixels, 5);
  const auto during_loss = programme.health().frames_out;
  ASSERT_TRUE(wait_for_frames(programme, during_loss + 10, 3s)) << "the programme keeps running on the slate";

  // The encoder comes back: no operator action, the feed is on air again.
  const auto back_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(encoder.start());
  ASSERT_TRUE(wait_until([&] { return programme.health().input_state == InputState::live; }, 10s));
  ASSERT_TRUE(wait_until([&] { const auto f = probe->frames(); return looks_green(f.back()); }, 5s));
  const auto health = programme.health();
  EXPECT_GE(health.input_restarts, 1u);
  EXPECT_GT(health.frames_slate, 10u);
  EXPECT_GT(health.frames_in, 25u);
  ASSERT_EQ(health.outputs.size(), 1u);
  EXPECT_EQ(health.outputs[0].state, OutputState::running) << health.outputs[0].last_error;

  programme.stop();
  const auto ran = std::chrono::steady_clock::now() - started;
  const auto frames = probe->frames();
  expect_continuous(frames, 40'000'000);
  EXPECT_NE(first_after(frames, back_at, looks_green), frames.end());

  // The recording went on through the loss: one file, as long as the programme ran.
  const MediaInfo recording = discover(dir / "continuity.mkv");
  ASSERT_TRUE(recording.readable) << recording.error;
  EXPECT_NEAR(recording.duration_s, std::chrono::duration<double>(ran).count(), 1.0);
  EXPECT_TRUE(recording.has_audio);
}

TEST(InputLoss, FileThatEndsShowsTheSlateImageAndPlaysAgain) {
  TempDir dir;
  write_solid_clip(dir / "clip.mkv", 320, 180, 1.0, kGreenArgb);
  write_solid_png(dir / "slate.png", 640, 360, {255, 0, 255});  // magenta: Cb and Cr both high
  ProgrammeConfig config = small_programme();
  config.width = 320;
  config.height = 180;
  config.preview_width = 160;
  config.preview_height = 90;
  config.input = (dir / "clip.mkv").string();
  config.slate_image = (dir / "slate.png").string();
  Programme programme(config);
  auto probe = std::make_shared<ProbeOverlay>(0.5, 0.5);
  programme.set_overlay(probe);
  programme.start();

  const auto magenta = [](const AiredFrame& frame) { return frame.u > 180 && frame.v > 180; };
  // Plays (green), ends (slate image), is re-opened (green again).
  ASSERT_TRUE(wait_until([&] { const auto f = probe->frames(); return std::any_of(f.begin(), f.end(), magenta); }, 5s));
  const auto slate_seen = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_until(
      [&] {
        const auto f = probe->frames();
        return first_after(f, slate_seen, looks_green) != f.end();
      },
      5s));
  const auto health = programme.health();
  EXPECT_GE(health.input_restarts, 1u);
  EXPECT_EQ(health.input_last_error, "the input ended");
  programme.stop();
  expect_continuous(probe->frames(), 40'000'000);
}

TEST(InputLoss, SilentFileStillEndsAndPlaysAgain) {
  TempDir dir;
  write_solid_clip(dir / "mute.mkv", 320, 180, 1.0, kGreenArgb, false);
  ProgrammeConfig config = small_programme();
  config.width = 320;
  config.height = 180;
  config.preview_width = 160;
  config.preview_height = 90;
  config.input = "file://" + (dir / "mute.mkv").string();
  Programme programme(config);
  programme.start();
  // Its end is noticed (a file without sound must not wait for sound that never ends).
  ASSERT_TRUE(wait_until([&] { return programme.health().input_restarts >= 2; }, 8s));
  EXPECT_EQ(programme.health().input_last_error, "the input ended");
  EXPECT_EQ(programme.health().audio_underruns, 0u) << "silence, not a stuttering jitter buffer";
}

}  // namespace
}  // namespace votercast::media::test
