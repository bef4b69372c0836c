#pragma once
// Shared set-up for tests that run a real Programme.
#include <chrono>
#include <string>

#include "media/pipeline/programme.hpp"
#include "test_support.hpp"

namespace votercast::media::test {

using namespace std::chrono_literals;

// Small and quick: 640x360 at 25 fps, the test pattern, no outputs.
inline ProgrammeConfig small_programme() {
  ProgrammeConfig config;
  config.width = 640;
  config.height = 360;
  config.fps = 25;
  config.preview_width = 320;
  config.preview_height = 180;
  return config;
}

inline bool wait_for_frames(const Programme& programme, std::uint64_t frames, std::chrono::milliseconds timeout) {
  return wait_until([&] { return programme.health().frames_out >= frames; }, timeout);
}

inline bool wait_for_output_state(const Programme& programme, std::size_t index, OutputState state,
                                  std::chrono::milliseconds timeout) {
  return wait_until(
      [&] {
        const auto health = programme.health();
        return index < health.outputs.size() && health.outputs[index].state == state;
      },
      timeout);
}

// I420 values of pure red in BT.601, as graphics would paint them.
inline constexpr int kRedY = 81, kRedCb = 90, kRedCr = 240;

}  // namespace votercast::media::test
