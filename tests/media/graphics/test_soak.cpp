// A show's worth of scene changes while frames keep being blended: memory stays flat. 60 s of a change every 100 ms is 600 changes; they run here as fast
// as the renderer takes them (each one waited for until published, so every one is
// really rendered), which exercises the same allocations in a few seconds.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <time.h>
#include <unistd.h>

#include "i420_frame.hpp"
#include "media/graphics/graphics_engine.hpp"
#include "scene_samples.hpp"

namespace votercast::media::graphics {
namespace {

using namespace std::chrono_literals;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

TEST(Soak, SceneChangesWhileBlendingKeepMemoryFlat) {
  const auto questions = test_support::shared_rows("questions.vi.jsonl");
  GraphicsEngine engine(1920, 1080);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> frames{0};
  std::atomic<double> max_blend_cpu_ms{0};
  std::thread streaming([&] {
    test_support::I420Frame frame = test_support::I420Frame::studio(1920, 1080);
    std::int64_t t = 0;
    while (!stop.load()) {
      auto view = frame.view();
      // CPU time, not wall time: on a shared machine the thread may be preempted mid-frame,
      // which says nothing about the blend (it takes no lock the renderer holds).
      timespec before, after;
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &before);
      engine.blend(view, t);
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &after);
      const double cpu_ms = (after.tv_sec - before.tv_sec) * 1e3 + (after.tv_nsec - before.tv_nsec) / 1e6;
      if (cpu_ms > max_blend_cpu_ms.load()) max_blend_cpu_ms = cpu_ms;
      t += 40'000'000;
      frames.fetch_add(1);
      std::this_thread::sleep_for(2ms);
    }
  });

  // Under ASan freed memory sits in its quarantine, so resident size says nothing there;
  // LeakSanitizer checks for leaks at exit instead, and fewer changes keep the run short.
  const int changes = kAddressSanitizer ? 90 : 600;
  const int warm_up = changes / 4;  // fonts, glyph caches and malloc arenas settle first
  std::size_t baseline = 0;
  Scene scene = test_support::full_scene();
  for (int i = 0; i < changes; ++i) {
    if (i == warm_up) baseline = resident_bytes();
    const auto& q = questions[i % questions.size()];
    scene.question_card.content = {q.value("name", ""), q.value("area", ""), q.value("topic", ""),
                                   q.value("text", "") + " (" + std::to_string(i) + ")"};
    scene.question_card.visible = i % 7 != 0;
    scene.question_card.transition = {i % 2 ? Transition::Kind::fade : Transition::Kind::cut, 300};
    scene.lower_third.visible = i % 5 == 0;
    scene.lower_third.content.name = questions[(i + 3) % questions.size()].value("name", "");
    if (i % 10 == 0) {
      scene.ticker.content.items.clear();
      for (std::size_t k = 0; k < 4; ++k)
        scene.ticker.content.items.push_back(questions[(i + k) % questions.size()].value("text", ""));
    }
    scene.poll.visible = i % 3 == 0;
    scene.poll.content.options[i % 3].votes += 17;
    scene.poll.content.final = i % 11 == 0;
    ASSERT_TRUE(engine.wait_published(engine.set_scene(scene), 10s)) << "change " << i;
  }
  const std::size_t after = resident_bytes();
  stop = true;
  streaming.join();

  const GraphicsStats stats = engine.stats();
  EXPECT_GT(frames.load(), 100u);
  EXPECT_GE(stats.published_generation, static_cast<std::uint64_t>(changes));
  const double growth_mb = (static_cast<double>(after) - static_cast<double>(baseline)) / (1 << 20);
  std::printf("soak: %d changes, %llu frames, RSS %.1f MB -> %.1f MB (%+.1f MB), blend mean %.3f ms max %.3f ms (CPU %.3f), "
              "card render %.1f ms (max %.1f)\n",
              changes, static_cast<unsigned long long>(frames.load()), baseline / 1048576.0, after / 1048576.0,
              growth_mb, stats.mean_blend_ms, stats.max_blend_ms, max_blend_cpu_ms.load(),
              stats.layers[static_cast<std::size_t>(LayerId::question_card)].last_render_ms,
              stats.layers[static_cast<std::size_t>(LayerId::question_card)].max_render_ms);
  // How long a blend takes is the overlay bench's to measure (scripts/bench overlay); that
  // it never waits for the renderer, GraphicsEngine.FramesGoOnWhileTheRendererIsHeld's.
  if (!kAddressSanitizer) {
    EXPECT_LT(growth_mb, 12.0) << "memory grows with scene changes";
  }
}

}  // namespace
}  // namespace votercast::media::graphics
