// The programme pipeline itself fails (an element's error, not the input's): it is built
// again by itself, its graphics and its outputs carry on, and health says what happened.
#include <gtest/gtest.h>

#include "probe_overlay.hpp"
#include "programme_fixture.hpp"

namespace votercast::media::test {
namespace {

TEST(ProgrammeRestart, AFailedProgrammePipelineComesBackByItself) {
  TempDir dir;
  ProgrammeConfig config = small_programme();
  config.outputs = {"file:" + (dir / "through-the-failure.ts").string()};
  Programme programme(config);
  auto probe = std::make_shared<ProbeOverlay>();
  programme.set_overlay(probe);
  programme.start();
  ASSERT_TRUE(wait_for_frames(programme, 25, 10s));
  ASSERT_TRUE(wait_for_output_state(programme, 0, OutputState::running, 10s));

  programme.simulate_programme_failure("x264enc: encoder gave up");
  ASSERT_TRUE(wait_until([&] { return programme.health().programme_restarts >= 1; }, 10s))
      << "the programme pipeline was not built again";
  const auto back = programme.health();
  EXPECT_TRUE(back.running);
  EXPECT_FALSE(back.programme_restarting);
  EXPECT_NE(back.programme_error.find("encoder gave up"), std::string::npos) << back.programme_error;

  // Frames go on from where they were, with the graphics, and the recording keeps taking them.
  const auto frames_then = back.frames_out;
  const auto probed_then = probe->frames().size();
  ASSERT_TRUE(wait_for_frames(programme, frames_then + 50, 10s)) << "no programme after the restart";
  EXPECT_GT(probe->frames().size(), probed_then + 25) << "the graphics are blended again";
  EXPECT_EQ(programme.health().input_state, InputState::live);
  EXPECT_TRUE(wait_until(
      [&] {
        const auto h = programme.health();
        return h.outputs.at(0).state == OutputState::running && h.outputs.at(0).bitrate_kbps > 0;
      },
      10s))
      << "the output did not take the programme again";
  EXPECT_EQ(programme.health().outputs.at(0).restarts, 0u) << "the output itself never had to start over";
}

}  // namespace
}  // namespace votercast::media::test
