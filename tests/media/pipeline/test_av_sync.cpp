// Lip sync: a picture-and-sound step in the input (a clapperboard) is still one step on air.
#include <gtest/gtest.h>

#include "media_probe.hpp"
#include "programme_fixture.hpp"

namespace votercast::media::test {
namespace {

TEST(AudioVideoSync, AStepInTheInputStaysInStepOnAir) {
  TempDir dir;
  write_step_clip(dir / "clap.mkv", 320, 180, 2.0, 2.0);
  const Onsets source = find_onsets(dir / "clap.mkv");
  ASSERT_NEAR(source.video_s, 2.0, 0.05);
  ASSERT_NEAR(source.audio_s, 2.0, 0.05);

  ProgrammeConfig config = small_programme();
  config.width = 320;
  config.height = 180;
  config.preview_width = 160;
  config.preview_height = 90;
  config.input = (dir / "clap.mkv").string();
  config.outputs = {"file:" + (dir / "aired.mkv").string()};
  Programme programme(config);
  programme.start();
  ASSERT_TRUE(wait_for_frames(programme, 88, 10s));  // 3.5 s: past the step, before the clip ends
  programme.stop();

  const Onsets aired = find_onsets(dir / "aired.mkv");
  ASSERT_GT(aired.video_s, 1.0);
  ASSERT_GT(aired.audio_s, 1.0);
  const double audio_late_ms = (aired.audio_s - aired.video_s) * 1000;
  RecordProperty("audio_late_ms", static_cast<int>(audio_late_ms));
  // EBU R37: sound no more than 40 ms early nor 60 ms late. Under AddressSanitizer the
  // video path runs several times slower and lands at 50–65 ms (27 ms without it): that
  // build is there for memory errors, so it only checks that sound stays within a frame
  // or two of the limit.
#ifdef __SANITIZE_ADDRESS__
  const double late_limit_ms = 100.0;
#else
  const double late_limit_ms = 60.0;
#endif
  EXPECT_GE(audio_late_ms, -40.0);
  EXPECT_LE(audio_late_ms, late_limit_ms);
}

}  // namespace
}  // namespace votercast::media::test
