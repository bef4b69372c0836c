// Benchmark (not a test): runs the whole live programme (test input, optional cheap
// graphics, x264, AAC, preview, optional outputs) and reports the CPU it took as a share
// of the machine, with the frame counters. Target: the 1080p25 programme within one core.
//
//   bench_programme [--seconds N] [--width W --height H --fps F] [--no-overlay] [--output SPEC]...
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

#include "media/pipeline/programme.hpp"

namespace {

using votercast::media::FrameOverlay;
using votercast::media::Programme;
using votercast::media::ProgrammeConfig;
using votercast::media::VideoFrameView;

// What graphics cost at least: darken a lower-third band, every frame.
class LowerThirdShade : public FrameOverlay {
 public:
  void blend(VideoFrameView& frame, std::int64_t) override {
    const int top = frame.height * 3 / 4;
    const int bottom = top + frame.height / 8;
    for (int row = top; row < bottom; ++row) {
      std::uint8_t* luma = frame.data[0] + static_cast<std::ptrdiff_t>(row) * frame.stride[0];
      for (int x = frame.width / 16; x < frame.width * 15 / 16; ++x) luma[x] = static_cast<std::uint8_t>(luma[x] / 2);
    }
  }
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

[[noreturn]] void usage_and_exit() {
  std::fprintf(stderr,
               "usage: bench_programme [--seconds N] [--width W --height H --fps F] [--no-overlay] "
               "[--output SPEC]...\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  ProgrammeConfig config;  // 1920x1080 at 25 fps, the test input
  config.log = [](std::string_view line) { std::fprintf(stderr, "[programme] %.*s\n", int(line.size()), line.data()); };
  int seconds = 20;
  bool overlay = true;
  for (int i = 1; i < argc; ++i) {
    const std::string option = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_and_exit();
      return argv[++i];
    };
    if (option == "--seconds") seconds = std::stoi(value());
    else if (option == "--width") config.width = std::stoi(value());
    else if (option == "--height") config.height = std::stoi(value());
    else if (option == "--fps") config.fps = std::stoi(value());
    else if (option == "--no-overlay") overlay = false;
    else if (option == "--output") config.outputs.push_back(value());
    else usage_and_exit();
  }

  Programme programme(config);
  if (overlay) programme.set_overlay(std::make_shared<LowerThirdShade>());
  programme.start();
  // Measure the steady state: start-up (plugin loading, first keyframe) is not what airs.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const auto first = programme.health();
  const double cpu_before = cpu_seconds();
  const auto began = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const double cpu = cpu_seconds() - cpu_before;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  const auto last = programme.health();
  programme.stop();

  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  std::printf("programme %dx%d@%d, %s, %zu output(s), %.1f s measured\n", config.width, config.height, config.fps,
              overlay ? "lower-third overlay" : "no overlay", config.outputs.size(), wall);
  std::printf("cpu: %.2f s = %.0f%% of one core = %.0f%% of the machine's %ld cores\n", cpu, 100 * cpu / wall,
              100 * cpu / wall / static_cast<double>(cores), cores);
  std::printf("frames out %llu (%.2f fps), encoded %llu, in %llu, dropped %llu, duplicated %llu, slate %llu\n",
              static_cast<unsigned long long>(last.frames_out - first.frames_out),
              static_cast<double>(last.frames_out - first.frames_out) / wall,
              static_cast<unsigned long long>(last.frames_encoded - first.frames_encoded),
              static_cast<unsigned long long>(last.frames_in - first.frames_in),
              static_cast<unsigned long long>(last.frames_dropped - first.frames_dropped),
              static_cast<unsigned long long>(last.frames_duplicated - first.frames_duplicated),
              static_cast<unsigned long long>(last.frames_slate - first.frames_slate));
  std::printf("preview frames %llu, audio underruns %llu, blend avg %.3f ms max %.3f ms\n",
              static_cast<unsigned long long>(last.preview_frames - first.preview_frames),
              static_cast<unsigned long long>(last.audio_underruns - first.audio_underruns), last.blend_avg_ms,
              last.blend_max_ms);
  for (const auto& output : last.outputs) {
    std::printf("output %s: %s, %.0f kbit/s, %llu restarts %s\n", output.spec.c_str(),
                std::string(to_string(output.state)).c_str(), output.bitrate_kbps,
                static_cast<unsigned long long>(output.restarts), output.last_error.c_str());
  }
  return 0;
}
