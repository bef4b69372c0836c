// The whole programme on air, as `votercast serve` runs it: test input, the full
// graphics set (question card, lower third, ticker, QR, bug), preview, and with an
// output the encoders (without one nothing is encoded).
// Prints its CPU use as a share of the machine's cores, and take-to-air latency:
// from a scene change handed to the engine to the first programme frame with it.
// Usage: bench_on_air [SECONDS] [WIDTHxHEIGHT@FPS] [OUTPUT...]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "../media/graphics/scene_samples.hpp"
#include "media/graphics/graphics_engine.hpp"
#include "media/pipeline/programme.hpp"

using namespace std::chrono_literals;
using votercast::media::Programme;
using votercast::media::ProgrammeConfig;
using votercast::media::graphics::GraphicsEngine;
using Clock = std::chrono::steady_clock;

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Latency {
  std::vector<double> ms;
  double median() {
    std::sort(ms.begin(), ms.end());
    return ms.empty() ? 0 : ms[ms.size() / 2];
  }
  double max() const { return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
  double min() const { return ms.empty() ? 0 : *std::min_element(ms.begin(), ms.end()); }
};

// Hands a change to the engine and waits for the first frame that carries it. `ahead(i)`
// runs before the clock starts: what the control room does before the operator takes.
template <class Change, class Ahead>
Latency take_to_air(GraphicsEngine& engine, int times, Change change, Ahead ahead) {
  Latency latency;
  for (int i = 0; i < times; ++i) {
    ahead(i);
    const auto t0 = Clock::now();
    const auto generation = change(i);
    while (engine.on_air_generation() < generation) std::this_thread::sleep_for(200us);
    latency.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    // The next change lands at a different point of the frame period each time (the
    // wait starts right after a frame): 13 ms steps walk through the 40 ms period.
    std::this_thread::sleep_for(80ms + std::chrono::milliseconds((i * 13) % 40));
  }
  return latency;
}

template <class Change>
Latency take_to_air(GraphicsEngine& engine, int times, Change change) {
  return take_to_air(engine, times, change, [](int) {});
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
  ProgrammeConfig config;
  if (argc > 2 && std::sscanf(argv[2], "%dx%d@%d", &config.width, &config.height, &config.fps) != 3) {
    std::fprintf(stderr, "usage: bench_on_air [SECONDS] [WIDTHxHEIGHT@FPS] [OUTPUT...]\n");
    return 2;
  }
  for (int i = 3; i < argc; ++i) config.outputs.push_back(argv[i]);
  const double frame_ms = 1000.0 / config.fps;

  auto engine = std::make_shared<GraphicsEngine>(config.width, config.height);
  auto scene = votercast::media::graphics::test_support::full_scene();
  engine->set_scene(scene);
  Programme programme(config);
  programme.set_overlay(engine);
  programme.start();
  std::this_thread::sleep_for(3s);  // past start-up and the first renders

  const auto before = programme.health();
  const double cpu0 = cpu_seconds();
  const auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const double cpu = cpu_seconds() - cpu0;
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto after = programme.health();
  const auto stats = engine->stats();
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());

  std::printf("on air: %dx%d@%d, test input, full graphics set, preview %dx%d@%d, %zu output(s) (x264 runs with one)\n",
              config.width, config.height, config.fps, config.preview_width, config.preview_height,
              config.preview_fps, config.outputs.size());
  std::printf("  cpu: %.2f cores of %u (%.0f%% of the machine) over %.1f s\n", cpu / wall, cores,
              100.0 * cpu / wall / cores, wall);
  std::printf("  frames: out %.1f/s, dropped %llu, duplicated %llu, slate %llu, encoded %.1f/s\n",
              (after.frames_out - before.frames_out) / wall,
              static_cast<unsigned long long>(after.frames_dropped - before.frames_dropped),
              static_cast<unsigned long long>(after.frames_duplicated - before.frames_duplicated),
              static_cast<unsigned long long>(after.frames_slate - before.frames_slate),
              (after.frames_encoded - before.frames_encoded) / wall);
  std::printf("  graphics blend per frame: mean %.2f ms, max %.2f ms\n", stats.mean_blend_ms, stats.max_blend_ms);

  const auto rows = votercast::media::graphics::test_support::shared_rows("questions.vi.jsonl");
  auto new_question = take_to_air(*engine, 20, [&](int i) {
    auto s = engine->scene();
    s.question_card.transition = {};
    s.question_card.content.text = rows[static_cast<std::size_t>(i + 2) % rows.size()].value("text", "");
    return engine->set_scene(s);
  });
  // The rundown's next question, rendered ahead as the control room does (prepare), then taken.
  auto next_card = [&](int i) {
    auto s = engine->scene();
    s.question_card.transition = {};
    s.question_card.content.text =
        "(" + std::to_string(i + 1) + ") " + rows[static_cast<std::size_t>(i + 5) % rows.size()].value("text", "");
    return s;
  };
  auto prepared = take_to_air(
      *engine, 20, [&](int i) { return engine->set_scene(next_card(i)); },
      [&](int i) {
        const auto ready = engine->stats().prepared_renders + 1;
        engine->prepare(next_card(i));
        while (engine->stats().prepared_renders < ready) std::this_thread::sleep_for(1ms);
        // The take comes later, at any point of a frame period.
        std::this_thread::sleep_for(std::chrono::milliseconds((i * 13) % 40));
      });
  auto cut = take_to_air(*engine, 20, [&](int i) {
    auto s = engine->scene();
    s.qr.transition = {};
    s.qr.visible = i % 2 == 1;
    return engine->set_scene(s);
  });
  auto report = [frame_ms](const char* what, Latency& l) {
    std::printf("  take-to-air, %s: min %.1f, median %.1f, max %.1f ms (max %.2f frames)\n", what, l.min(), l.median(),
                l.max(), l.max() / frame_ms);
  };
  report("a new question card (render + next frame)", new_question);
  report("the next question card, prepared ahead", prepared);
  report("a cut of a rendered layer", cut);
  programme.stop();
  return 0;
}
