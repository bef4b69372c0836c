// The engine end to end: scene changes rendered off the streaming thread, then blended
// into real I420 frames: latency, the ticker's crawl, fades, the clock, stats.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "i420_frame.hpp"
#include "media/graphics/graphics_engine.hpp"
#include "media/graphics/scene_json.hpp"
#include "scene_samples.hpp"

namespace votercast::media::graphics {
namespace {

using namespace std::chrono_literals;
using test_support::I420Frame;

constexpr std::int64_t kMs = 1'000'000;

// A point well inside the question card's navy box on a 1080 frame (below the header, left
// of the text): opaque when the card is shown.
constexpr int kCardX = 130, kCardY = 930;

Scene card_scene(Transition transition = {}) {
  Scene scene;
  scene.question_card.visible = true;
  scene.question_card.transition = transition;
  scene.question_card.content = {"Trần Hữu Quynh", "Phường Hòa Phú, TP. Thủ Dầu Một", "giao thông",
                                 "Đường ĐT743 xuống cấp nghiêm trọng. Khi nào tỉnh sửa chữa?"};
  return scene;
}

TEST(GraphicsEngine, ShowsANewCardOnTheFirstFrameAfterItIsPublished) {
  GraphicsEngine engine(1920, 1080);
  I420Frame empty = I420Frame::studio(1920, 1080);
  I420Frame frame = empty;
  auto view = frame.view();
  engine.blend(view, 0);
  EXPECT_EQ(frame.y, empty.y) << "an empty scene draws nothing";

  const auto asked = std::chrono::steady_clock::now();
  const std::uint64_t generation = engine.set_scene(card_scene());
  // Frames keep coming while the worker renders; none of them may wait for it.
  std::int64_t t = 40 * kMs;
  int frames_before_published = 0;
  while (engine.published_generation() < generation) {
    frame = empty;
    view = frame.view();
    engine.blend(view, t);
    t += 40 * kMs;
    ++frames_before_published;
    ASSERT_LT(std::chrono::steady_clock::now() - asked, 5s) << "the card was never published";
    std::this_thread::sleep_for(1ms);
  }
  frame = empty;
  view = frame.view();
  engine.blend(view, t);
  EXPECT_EQ(engine.on_air_generation(), generation);
  EXPECT_GT(mean_luma_difference(frame, empty, 96, 620, 1728, 320), 5.0) << "the card is not on the frame";
  EXPECT_NE(frame.luma(kCardX, kCardY), empty.luma(kCardX, kCardY));
  frame.write_png(test_support::screenshot_path("engine_card_1080.png"));

  const GraphicsStats stats = engine.stats();
  EXPECT_EQ(stats.on_air_generation, generation);
  EXPECT_GT(stats.layers[static_cast<std::size_t>(LayerId::question_card)].renders, 0u);
  EXPECT_GT(stats.layers[static_cast<std::size_t>(LayerId::question_card)].last_render_ms, 0.0);
  EXPECT_GT(stats.frames, 0u);
  EXPECT_GT(stats.last_on_air_ms, 0.0);
  std::printf("set_scene -> published %.1f ms (%d frames kept coming meanwhile), -> on air %.1f ms, card render %.1f ms\n",
              stats.last_publish_ms, frames_before_published, stats.last_on_air_ms,
              stats.layers[static_cast<std::size_t>(LayerId::question_card)].last_render_ms);
}

// A frame never waits for the renderer: with the renderer held in the middle of a change,
// frames go on (the old graphics on them), and the change is on air once it is let go.
// Frames that waited would never come back, so they are blended on a thread given 10 s.
TEST(GraphicsEngine, FramesGoOnWhileTheRendererIsHeld) {
  std::promise<void> held, release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> hold{false};
  GraphicsEngine::Options options;
  options.before_render = [&](LayerId id) {
    if (id != LayerId::question_card || !hold.exchange(false)) return;
    held.set_value();
    released.wait();
  };
  GraphicsEngine engine(1920, 1080, options);
  ASSERT_TRUE(engine.wait_published(engine.set_scene(Scene{}), 5s));
  hold = true;
  const std::uint64_t generation = engine.set_scene(card_scene());
  ASSERT_EQ(held.get_future().wait_for(10s), std::future_status::ready) << "the renderer never started the card";

  auto frames = std::async(std::launch::async, [&] {
    I420Frame frame = I420Frame::studio(1920, 1080);
    for (int i = 0; i < 25; ++i) {
      auto view = frame.view();
      engine.blend(view, i * 40 * kMs);
    }
  });
  const bool went_on = frames.wait_for(10s) == std::future_status::ready;
  EXPECT_EQ(engine.on_air_generation(), generation - 1) << "the card cannot be on air before it is drawn";
  release.set_value();
  frames.wait();
  EXPECT_TRUE(went_on) << "blend() waited for the renderer";
  ASSERT_TRUE(engine.wait_published(generation, 5s));
  I420Frame frame = I420Frame::studio(1920, 1080);
  auto view = frame.view();
  engine.blend(view, 25 * 40 * kMs);
  EXPECT_EQ(engine.on_air_generation(), generation);
}

TEST(GraphicsEngine, TickerCrawlsAtItsSpeedFromRunningTime) {
  GraphicsEngine engine(1920, 1080);
  Scene scene;
  scene.ticker.visible = true;
  scene.ticker.content.speed = 125;  // 5 px a frame at 25 fps
  scene.ticker.content.items = {"Đường ĐT743 xuống cấp nghiêm trọng, khi nào sửa chữa?",
                                "Trường tiểu học quá tải, mỗi lớp hơn 50 học sinh",
                                "Khu công nghiệp xả khói có mùi hôi vào ban đêm"};
  ASSERT_TRUE(engine.wait_published(engine.set_scene(scene), 5s));
  auto frame_at = [&](std::int64_t t) {
    I420Frame frame(1920, 1080);
    auto view = frame.view();
    engine.blend(view, t);
    return frame;
  };
  frame_at(1000 * kMs);  // the crawl starts with the first frame that shows it
  const I420Frame a = frame_at(1000 * kMs + 30'000 * kMs);
  const I420Frame b = frame_at(1000 * kMs + 30'040 * kMs);
  // b is a moved left by speed x dt: b(x) = a(x + shift) over the crawl window.
  auto difference = [&](int shift) {
    double sum = 0;
    int n = 0;
    for (int row = 980; row < 1020; ++row)
      for (int x = 700; x < 1700; ++x, ++n) sum += std::abs(b.luma(x, row) - a.luma(x + shift, row));
    return sum / n;
  };
  int best = -1;
  double best_difference = 1e9;
  for (int shift = 0; shift <= 12; ++shift)
    if (difference(shift) < best_difference) best_difference = difference(shift), best = shift;
  EXPECT_EQ(best, 5) << "125 px/s for 40 ms";
  EXPECT_LT(best_difference, 0.5);
  EXPECT_GT(difference(0), 5.0) << "the ticker did not move";
  a.write_png(test_support::screenshot_path("engine_ticker.png"));
}

TEST(GraphicsEngine, FadeInAndOutFollowRunningTime) {
  GraphicsEngine engine(1920, 1080);
  const I420Frame background = I420Frame::studio(1920, 1080);
  auto frame_at = [&](std::int64_t t) {
    I420Frame frame = background;
    auto view = frame.view();
    engine.blend(view, t);
    return frame;
  };
  ASSERT_TRUE(engine.wait_published(engine.set_scene(card_scene({Transition::Kind::fade, 400})), 5s));
  const std::int64_t t0 = 10'000 * kMs;
  EXPECT_EQ(frame_at(t0).y, background.y) << "a fade starts from nothing";
  const int under = background.luma(kCardX, kCardY);
  const int half = frame_at(t0 + 200 * kMs).luma(kCardX, kCardY);
  const int full = frame_at(t0 + 400 * kMs).luma(kCardX, kCardY);
  ASSERT_GT(std::abs(full - under), 20) << "the card's box should differ from the picture below";
  EXPECT_NEAR(half, (under + full) / 2.0, 2.0);
  EXPECT_EQ(frame_at(t0 + 900 * kMs).luma(kCardX, kCardY), full);

  // Fading out keeps the card's content until it is gone, even though the scene changed it.
  const I420Frame shown = frame_at(t0 + 1000 * kMs);
  Scene hidden = card_scene({Transition::Kind::fade, 400});
  hidden.question_card.visible = false;
  hidden.question_card.content.text = "Một câu hỏi khác";
  ASSERT_TRUE(engine.wait_published(engine.set_scene(hidden), 5s));
  const std::int64_t t1 = 20'000 * kMs;
  const I420Frame start_out = frame_at(t1);
  EXPECT_EQ(start_out.y, shown.y);
  EXPECT_NEAR(frame_at(t1 + 100 * kMs).luma(kCardX, kCardY), under + (full - under) * 0.75, 2.0);
  EXPECT_NEAR(frame_at(t1 + 200 * kMs).luma(kCardX, kCardY), (under + full) / 2.0, 2.0);
  EXPECT_EQ(frame_at(t1 + 400 * kMs).y, background.y);
}

// What a monitor (and a test) waits for: the last change on air and done moving.
TEST(GraphicsEngine, SettledOnlyOnceTheChangeIsOnAirAndItsFadeIsDone) {
  GraphicsEngine engine(1280, 720);
  I420Frame frame = I420Frame::studio(1280, 720);
  auto view = frame.view();
  ASSERT_TRUE(engine.wait_published(engine.set_scene(card_scene({Transition::Kind::fade, 400})), 5s));
  EXPECT_FALSE(engine.stats().settled) << "published, but no frame has shown it yet";
  const std::int64_t t0 = 10'000 * kMs;
  engine.blend(view, t0);
  EXPECT_FALSE(engine.stats().settled) << "the fade has only begun";
  engine.blend(view, t0 + 200 * kMs);
  EXPECT_FALSE(engine.stats().settled) << "halfway through the fade";
  engine.blend(view, t0 + 400 * kMs);
  EXPECT_TRUE(engine.stats().settled) << "the fade is done";
  engine.set_scene(card_scene());
  EXPECT_FALSE(engine.stats().settled) << "a new change is asked for";
}

// Replies pair a scene with its generation: both are read under one lock, so a reader
// racing a writer never sees a generation with another generation's scene.
TEST(GraphicsEngine, TheCurrentSceneAndItsGenerationAgree) {
  GraphicsEngine engine(640, 360);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 2000; ++i) {
      Scene scene;
      scene.ticker.content.label = "gen " + std::to_string(engine.stats().requested_generation + 1);
      engine.set_scene(std::move(scene));
    }
    done = true;
  });
  int mismatches = 0, reads = 0;
  while (!done) {
    const auto now = engine.current_scene();
    ++reads;
    if (now.generation > 0 && now.scene.ticker.content.label != "gen " + std::to_string(now.generation)) ++mismatches;
  }
  writer.join();
  EXPECT_GT(reads, 0);
  EXPECT_EQ(mismatches, 0) << "of " << reads << " reads";
}

TEST(GraphicsEngine, ACutShowsAtOnceAndHidesAtOnce) {
  GraphicsEngine engine(1280, 720);
  const I420Frame background = I420Frame::studio(1280, 720);
  auto frame_at = [&](std::int64_t t) {
    I420Frame frame = background;
    auto view = frame.view();
    engine.blend(view, t);
    return frame;
  };
  ASSERT_TRUE(engine.wait_published(engine.set_scene(card_scene()), 5s));
  const I420Frame shown = frame_at(0);
  // The 1080 design scaled by 2/3: the card's box point.
  EXPECT_NE(shown.luma(kCardX * 2 / 3, kCardY * 2 / 3), background.luma(kCardX * 2 / 3, kCardY * 2 / 3));
  shown.write_png(test_support::screenshot_path("engine_card_720.png"));
  ASSERT_TRUE(engine.wait_published(engine.patch_layer("question_card", {{"visible", false}}), 5s));
  EXPECT_EQ(frame_at(40 * kMs).y, background.y);
}

TEST(GraphicsEngine, PatchLayerRejectsBadInputAndChangesNothing) {
  GraphicsEngine engine(1920, 1080);
  engine.set_scene(card_scene());
  const Scene before = engine.scene();
  try {
    engine.patch_layer("question_card", {{"text", 42}});
    FAIL() << "a number is not text";
  } catch (const SceneError& e) {
    EXPECT_EQ(e.code, "wrong_type");
  }
  EXPECT_THROW(engine.patch_layer("weather", {{"visible", true}}), SceneError);
  EXPECT_EQ(engine.scene(), before);
  const std::uint64_t generation = engine.patch_layer("question_card", {{"asker", "Lê Văn Tám"}});
  EXPECT_EQ(engine.scene().question_card.content.asker, "Lê Văn Tám");
  EXPECT_EQ(engine.scene().question_card.content.text, before.question_card.content.text);
  EXPECT_TRUE(engine.wait_published(generation, 5s));
}

TEST(GraphicsEngine, TheClockRerendersWhenTheMinuteTurns) {
  std::tm local{};
  local.tm_year = 2024 - 1900, local.tm_mon = 4, local.tm_mday = 19, local.tm_hour = 20, local.tm_min = 44,
  local.tm_sec = 58, local.tm_isdst = -1;
  const auto start = std::chrono::system_clock::from_time_t(std::mktime(&local));
  std::atomic<std::int64_t> offset_s{0};
  GraphicsEngine::Options options;
  options.clock = [&] { return start + std::chrono::seconds(offset_s.load()); };
  GraphicsEngine engine(1920, 1080, options);
  Scene scene;
  scene.bug.visible = true;
  ASSERT_TRUE(engine.wait_published(engine.set_scene(scene), 5s));
  auto bug_frame = [&] {
    I420Frame frame(1920, 1080);
    auto view = frame.view();
    engine.blend(view, 0);
    return frame;
  };
  const I420Frame at_2044 = bug_frame();
  const auto renders = engine.stats().layers[static_cast<std::size_t>(LayerId::bug)].renders;
  offset_s = 5;  // 20:45:03
  const auto deadline = std::chrono::steady_clock::now() + 4s;
  while (engine.stats().layers[static_cast<std::size_t>(LayerId::bug)].renders == renders &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  ASSERT_GT(engine.stats().layers[static_cast<std::size_t>(LayerId::bug)].renders, renders)
      << "the clock was not re-rendered at the minute";
  const I420Frame at_2045 = bug_frame();
  EXPECT_GT(mean_luma_difference(at_2044, at_2045, 1600, 54, 224, 64), 1.0) << "the clock's digits did not change";
}

// Every layer alone, with the longest texts, over a flat frame: nothing outside the
// title-safe area (90% of the width and height) changes.
// Waits (bounded) for the worker to have rendered `count` layers ahead.
bool prepared_within(const GraphicsEngine& engine, std::uint64_t count, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (engine.stats().prepared_renders < count) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// Every layer render the worker starts, in order; the bug's clock may turn at any time.
struct RenderLog {
  std::mutex mutex;
  std::vector<LayerId> started;
  void started_render(LayerId id) {
    if (id == LayerId::bug) return;
    std::lock_guard lock(mutex);
    started.push_back(id);
  }
  std::vector<LayerId> seen() {
    std::lock_guard lock(mutex);
    return started;
  }
};

TEST(GraphicsEngine, APreparedCardIsTakenWithoutDrawingIt) {
  RenderLog log;
  GraphicsEngine::Options options;
  options.before_render = [&](LayerId id) { log.started_render(id); };
  GraphicsEngine engine(1920, 1080, options);
  ASSERT_TRUE(engine.wait_published(engine.set_scene(Scene{}), 5s));
  engine.prepare(card_scene());
  ASSERT_TRUE(prepared_within(engine, 1, 5s)) << "the card was never rendered ahead";
  EXPECT_EQ(engine.on_air_generation(), 0u) << "preparing puts nothing on air";
  const auto renders_before_take = log.seen().size();

  const std::uint64_t generation = engine.set_scene(card_scene());
  ASSERT_TRUE(engine.wait_published(generation, 5s));
  EXPECT_EQ(log.seen().size(), renders_before_take) << "the take drew the card again";
  EXPECT_EQ(engine.stats().prepared_takes, 1u);
  I420Frame taken = I420Frame::studio(1920, 1080);
  auto view = taken.view();
  engine.blend(view, 0);
  EXPECT_EQ(engine.on_air_generation(), generation);

  // The same card drawn the usual way, by an engine that prepared nothing: the same picture.
  GraphicsEngine reference(1920, 1080);
  ASSERT_TRUE(reference.wait_published(reference.set_scene(card_scene()), 5s));
  I420Frame drawn = I420Frame::studio(1920, 1080);
  auto drawn_view = drawn.view();
  reference.blend(drawn_view, 0);
  EXPECT_NE(drawn.luma(kCardX, kCardY), I420Frame::studio(1920, 1080).luma(kCardX, kCardY));
  EXPECT_EQ(taken.y, drawn.y);
  EXPECT_EQ(taken.u, drawn.u);
}

TEST(GraphicsEngine, TheCardATakeReplacedIsKeptForTakingItBack) {
  RenderLog log;
  GraphicsEngine::Options options;
  options.before_render = [&](LayerId id) { log.started_render(id); };
  GraphicsEngine engine(1280, 720, options);
  ASSERT_TRUE(engine.wait_published(engine.set_scene(card_scene()), 5s));
  Scene other = card_scene();
  other.question_card.content.text = "Khi nào có nước sạch cho ấp 3?";
  ASSERT_TRUE(engine.wait_published(engine.set_scene(other), 5s));
  const auto renders = log.seen().size();
  ASSERT_TRUE(engine.wait_published(engine.set_scene(card_scene()), 5s));
  EXPECT_EQ(log.seen().size(), renders) << "taking the first card back drew it again";
  EXPECT_EQ(engine.stats().prepared_takes, 1u);
}

TEST(GraphicsEngine, ATakeGoesBeforeWhatIsPrepared) {
  std::promise<void> held, release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> hold{false};
  RenderLog log;
  GraphicsEngine::Options options;
  options.before_render = [&](LayerId id) {
    log.started_render(id);
    if (id != LayerId::lower_third || !hold.exchange(false)) return;
    held.set_value();
    released.wait();
  };
  GraphicsEngine engine(1280, 720, options);
  ASSERT_TRUE(engine.wait_published(engine.set_scene(Scene{}), 5s));
  const auto at_start = log.seen().size();
  Scene ahead;  // a caller's lower third and a ticker, drawn in that order
  ahead.lower_third.content = {"Nguyễn Thị Mai", "Phường Dĩ An, TP. Dĩ An", "môi trường"};
  ahead.ticker.content.items = {"Khi nào sửa đường ĐT743?"};
  hold = true;
  engine.prepare(ahead);
  ASSERT_EQ(held.get_future().wait_for(10s), std::future_status::ready) << "nothing was prepared";
  const std::uint64_t generation = engine.set_scene(card_scene());
  release.set_value();
  ASSERT_TRUE(engine.wait_published(generation, 5s));
  ASSERT_TRUE(prepared_within(engine, 2, 5s)) << "what was prepared was not finished after the take";
  const auto seen = log.seen();
  ASSERT_EQ(seen.size(), at_start + 3);
  EXPECT_EQ(seen[at_start], LayerId::lower_third);
  EXPECT_EQ(seen[at_start + 1], LayerId::question_card) << "the take waited for the whole preparation";
  EXPECT_EQ(seen[at_start + 2], LayerId::ticker);
}

TEST(GraphicsEngine, EveryLayerStaysInsideTheTitleSafeArea) {
  const Scene worst = test_support::worst_scene();
  for (auto [width, height] : {std::pair{1920, 1080}, {1280, 720}}) {
    GraphicsEngine engine(width, height);
    const int safe_x0 = width * 5 / 100, safe_x1 = width - safe_x0;
    const int safe_y0 = height * 5 / 100, safe_y1 = height - safe_y0;
    for (LayerId id : kLayersInDrawingOrder) {
      Scene alone = worst;
      for (LayerId other : kLayersInDrawingOrder)
        visit_layer(alone, other, [&](auto& layer) { layer.visible = other == id; });
      ASSERT_TRUE(engine.wait_published(engine.set_scene(alone), 5s));
      I420Frame frame(width, height, 126);
      auto view = frame.view();
      engine.blend(view, 60'000 * kMs);  // a minute in: the ticker's crawl fills its window
      engine.blend(view, 120'000 * kMs);
      int changed = 0, outside = 0;
      for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
          if (frame.luma(x, y) != 126) {
            ++changed;
            if (x < safe_x0 || x >= safe_x1 || y < safe_y0 || y >= safe_y1) ++outside;
          }
      EXPECT_GT(changed, 1000) << layer_name(id) << " drew nothing";
      EXPECT_EQ(outside, 0) << layer_name(id) << " at " << width << "x" << height;
      frame.write_png(test_support::screenshot_path("worst_" + std::string(layer_name(id)) + "_" +
                                                    std::to_string(height) + ".png"));
    }
  }
}

}  // namespace
}  // namespace votercast::media::graphics
