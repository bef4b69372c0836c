// Recordings are complete files: the right format, the right length, finalized on stop.
#include <gtest/gtest.h>

#include <fstream>

#include "media_probe.hpp"
#include "programme_fixture.hpp"

namespace votercast::media::test {
namespace {

TEST(Recordings, FullHdMatroskaOfFiveSecondsPlaysBackAsFiveSeconds) {
  TempDir dir;
  ProgrammeConfig config;  // the broadcast default: 1920x1080 at 25 fps
  config.outputs = {"file:" + (dir / "show.mkv").string()};
  Programme programme(config);
  programme.start();
  const auto began = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_for_output_state(programme, 0, OutputState::running, 10s));
  // 125 programme frames are five seconds of programme.
  ASSERT_TRUE(wait_for_frames(programme, 125, 15s));
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  EXPECT_NEAR(took, 5.0, 1.0) << "1080p25 runs in real time";

  const DecodedPng still(programme.frame_png());
  EXPECT_EQ(still.width(), 1920);
  EXPECT_EQ(still.height(), 1080);
  const auto health = programme.health();
  EXPECT_GT(health.outputs.at(0).bitrate_kbps, 1000.0);
  EXPECT_GE(health.frames_encoded + 5, health.frames_out);
  programme.stop();
  const auto after = programme.health();
  ASSERT_EQ(after.outputs.size(), 1u);
  EXPECT_EQ(after.outputs[0].state, OutputState::stopped);
  EXPECT_TRUE(after.outputs[0].last_error.empty()) << after.outputs[0].last_error;
  EXPECT_FALSE(after.running);

  const MediaInfo recording = discover(dir / "show.mkv");
  ASSERT_TRUE(recording.readable) << recording.error;
  EXPECT_EQ(recording.width, 1920);
  EXPECT_EQ(recording.height, 1080);
  EXPECT_EQ(recording.fps_num, 25);
  EXPECT_EQ(recording.fps_den, 1);
  EXPECT_EQ(recording.video_codec, "video/x-h264");
  EXPECT_TRUE(recording.has_audio);
  EXPECT_EQ(recording.audio_rate, 48000);
  EXPECT_EQ(recording.audio_channels, 2);
  EXPECT_NEAR(recording.duration_s, 5.0, 0.4);
}

TEST(Recordings, Mp4AndTransportStreamAreFinalizedAt720p50) {
  TempDir dir;
  ProgrammeConfig config = small_programme();
  config.width = 1280;
  config.height = 720;
  config.fps = 50;
  config.outputs = {"file:" + (dir / "show.mp4").string(), "file:" + (dir / "nested" / "show.ts").string()};
  Programme programme(config);
  programme.start();
  ASSERT_TRUE(wait_for_output_state(programme, 0, OutputState::running, 10s));
  ASSERT_TRUE(wait_for_output_state(programme, 1, OutputState::running, 10s));
  ASSERT_TRUE(wait_for_frames(programme, 100, 10s));  // two seconds
  programme.stop();

  // An MP4 without its moov atom (not finalized) is unreadable: readable means finalized.
  const MediaInfo mp4 = discover(dir / "show.mp4");
  ASSERT_TRUE(mp4.readable) << mp4.error;
  EXPECT_EQ(mp4.width, 1280);
  EXPECT_EQ(mp4.height, 720);
  EXPECT_EQ(mp4.fps_num, 50);
  EXPECT_TRUE(mp4.has_audio);
  EXPECT_EQ(mp4.audio_rate, 48000);
  EXPECT_NEAR(mp4.duration_s, 2.0, 0.4);

  const MediaInfo ts = discover(dir / "nested" / "show.ts");
  ASSERT_TRUE(ts.readable) << ts.error;
  EXPECT_EQ(ts.width, 1280);
  EXPECT_EQ(ts.height, 720);
  EXPECT_TRUE(ts.has_audio);
}

TEST(Recordings, AnUnwritableRecordingFailsAloneAndIsRetried) {
  TempDir dir;
  std::ofstream(dir / "not-a-directory") << "x";
  ProgrammeConfig config = small_programme();
  config.outputs = {"file:" + (dir / "not-a-directory" / "show.mkv").string(), "file:" + (dir / "good.mkv").string()};
  Programme programme(config);
  programme.start();  // a failing output never fails the programme
  ASSERT_TRUE(wait_for_output_state(programme, 1, OutputState::running, 10s));
  ASSERT_TRUE(wait_until([&] { return programme.health().outputs[0].restarts >= 1; }, 5s));
  const auto health = programme.health();
  EXPECT_NE(health.outputs[0].state, OutputState::running);
  EXPECT_FALSE(health.outputs[0].last_error.empty());
  EXPECT_EQ(health.outputs[1].state, OutputState::running);
  ASSERT_TRUE(wait_for_frames(programme, 50, 10s));
  programme.stop();
  EXPECT_TRUE(discover(dir / "good.mkv").readable);
}

}  // namespace
}  // namespace votercast::media::test
