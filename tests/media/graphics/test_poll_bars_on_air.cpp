// The poll on the programme when only its votes change: the bars move over several frames,
// the change is taken to air with its first frame, and they settle exactly on the picture the
// renderers draw for the new votes.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "i420_frame.hpp"
#include "media/graphics/graphics_engine.hpp"
#include "media/graphics/poll_tween.hpp"

namespace votercast::media::graphics {
namespace {

using namespace std::chrono_literals;
using test_support::I420Frame;

constexpr int kWidth = 1920, kHeight = 1080;
constexpr std::int64_t kFrameNs = 40'000'000;
// The bars' track on a 1080 frame (the poll zone's inner width, less the code box and the percentage).
constexpr int kBarX0 = 212, kBarX1 = 1026;

Scene poll_scene(std::int64_t a, std::int64_t b) {
  Scene scene;
  scene.poll.visible = true;
  scene.poll.content = {"Bạn có hài lòng với tiến độ sửa chữa đường ĐT743?",
                        {{"A", "Hài lòng", a}, {"B", "Chưa hài lòng", b}},
                        false};
  return scene;
}

nlohmann::json votes_patch(std::int64_t a, std::int64_t b) {
  return {{"options", {{{"code", "A"}, {"label", "Hài lòng"}, {"votes", a}},
                       {{"code", "B"}, {"label", "Chưa hài lòng"}, {"votes", b}}}}};
}

// The programme frame of an engine that shows `scene` and has settled.
I420Frame settled_frame(const Scene& scene, const I420Frame& background) {
  GraphicsEngine engine(kWidth, kHeight);
  EXPECT_TRUE(engine.wait_published(engine.set_scene(scene), 5s));  // a first show: drawn at once
  I420Frame frame = background;
  auto view = frame.view();
  engine.blend(view, 0);
  return frame;
}

// One row through each bar: the rows where the bars of `a` and `b` differ, the middle of each run.
std::vector<int> bar_rows(const I420Frame& a, const I420Frame& b) {
  std::vector<int> rows;
  int run_start = -1;
  for (int y = 150; y <= 950; ++y) {
    int differing = 0;
    for (int x = kBarX0 + 4; x < kBarX1 - 4; ++x) differing += std::abs(a.luma(x, y) - b.luma(x, y)) > 20;
    const bool in_bar = y < 950 && differing > 100;  // the poll zone's last row ends any run
    if (in_bar && run_start < 0) run_start = y;
    if (!in_bar && run_start >= 0) {
      rows.push_back((run_start + y - 1) / 2);
      run_start = -1;
    }
  }
  return rows;
}

// How far a bar is filled, in pixels: its pixels nearer the fill than the track (both read
// off a frame where that row's bar is partly filled).
struct BarRow {
  int y = 0, fill = 0, track = 0;
  int length(const I420Frame& frame) const {
    int filled = 0;
    for (int x = kBarX0; x < kBarX1; ++x) filled += std::abs(frame.luma(x, y) - fill) < std::abs(frame.luma(x, y) - track);
    return filled;
  }
};

bool same_picture(const I420Frame& a, const I420Frame& b) { return a.y == b.y && a.u == b.u && a.v == b.v; }

struct Sample {
  int a = 0, b = 0;  // bar lengths
  std::uint64_t on_air = 0;
};

class PollBarsOnAir : public ::testing::Test {
 protected:
  void SetUp() override {
    background = I420Frame::studio(kWidth, kHeight);
    // A at 25% and B at 75%, then the other way round; the total stays 4.000, so that only
    // the bars and the percentages change between the two.
    before = settled_frame(poll_scene(1000, 3000), background);
    after = settled_frame(poll_scene(3000, 1000), background);
    const std::vector<int> rows = bar_rows(before, after);
    ASSERT_EQ(rows.size(), 2u) << "the two bars should be the only rows that differ";
    for (std::size_t i = 0; i < 2; ++i)
      bars[i] = {rows[i], after.luma(kBarX0 + 2, rows[i]), after.luma(kBarX1 - 2, rows[i])};
    ASSERT_GT(std::abs(bars[0].fill - bars[0].track), 40) << "the fill should stand out from the track";
    ASSERT_NEAR(bars[0].length(before), (kBarX1 - kBarX0) / 4, 3);
    ASSERT_NEAR(bars[0].length(after), (kBarX1 - kBarX0) * 3 / 4, 3);

    ASSERT_TRUE(engine.wait_published(engine.set_scene(poll_scene(1000, 3000)), 5s));
    ASSERT_EQ(blend().a, bars[0].length(before));
  }

  // The next programme frame, 40 ms of running time after the last one.
  Sample blend() {
    frame = background;
    auto view = frame.view();
    engine.blend(view, running_time);
    running_time += kFrameNs;
    return {bars[0].length(frame), bars[1].length(frame), engine.on_air_generation()};
  }

  // Frames every few milliseconds (the engine's frames are not paced by real time) until the
  // frame has been `settled` for a few tween steps (it should stay so), or 3 s.
  std::vector<Sample> frames_until(const I420Frame& settled) {
    std::vector<Sample> samples;
    const auto start = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> settled_at;
    for (auto now = start; now - start < 3s; now = std::chrono::steady_clock::now()) {
      samples.push_back(blend());
      if (!settled_at && same_picture(frame, settled)) settled_at = now;
      if (settled_at && now - *settled_at > 3 * kPollTweenStep) break;
      std::this_thread::sleep_for(3ms);
    }
    return samples;
  }

  I420Frame background{kWidth, kHeight}, before{kWidth, kHeight}, after{kWidth, kHeight}, frame{kWidth, kHeight};
  BarRow bars[2];
  GraphicsEngine engine{kWidth, kHeight};
  std::int64_t running_time = 0;
};

TEST_F(PollBarsOnAir, NewVotesMoveTheBarsOverSeveralFramesAndSettleOnTheStill) {
  const int a0 = bars[0].length(before), a1 = bars[0].length(after);
  const int b0 = bars[1].length(before), b1 = bars[1].length(after);
  const std::uint64_t generation = engine.patch_layer("poll", votes_patch(3000, 1000));
  const std::vector<Sample> samples = frames_until(after);

  std::set<int> between;  // the bar lengths on air on the way
  std::optional<Sample> taken;
  Sample last = samples.front();
  for (const Sample& s : samples) {
    EXPECT_GE(s.a, last.a - 1) << "bar A went back";
    EXPECT_LE(s.b, last.b + 1) << "bar B went back";
    if (s.a > a0 + 2 && s.a < a1 - 2) between.insert(s.a);
    if (!taken && s.on_air >= generation) taken = s;
    last = s;
  }
  ASSERT_TRUE(taken) << "the change never went on air";
  EXPECT_GT(taken->a, a0 + 2) << "the frame that takes the change to air should already show it moving";
  EXPECT_LT(taken->a, a1 - 2) << "the change was held back until its animation ended";
  // Two lengths on the way prove a move over frames (one step shows none); more depend on
  // how fast this machine renders (43 ms a render under ASan gave two).
  EXPECT_GE(between.size(), 2u) << "the bars should move over several frames, not in one step";
  EXPECT_NEAR(last.a, a1, 1);
  EXPECT_NEAR(last.b, b1, 1);
  EXPECT_LT(last.b, b0);
  // Settled: exactly what the renderers draw for the new votes, percentages and all.
  EXPECT_TRUE(same_picture(frame, after)) << "the last frame differs from the still of the new votes by "
      << test_support::mean_luma_difference(frame, after, 96, 150, 1100, 800) << " in mean luma";
  frame.write_png(test_support::screenshot_path("poll_bars_settled.png"));
  std::string path;
  for (int a : between) path += std::to_string(a) + " ";
  const GraphicsStats stats = engine.stats();
  std::printf("poll bar A %d -> %s-> %d px over %zu frames; patch -> on air %.1f ms; poll render %.1f ms (%llu renders)\n",
              a0, path.c_str(), last.a, samples.size(), stats.last_on_air_ms,
              stats.layers[static_cast<std::size_t>(LayerId::poll)].last_render_ms,
              static_cast<unsigned long long>(stats.layers[static_cast<std::size_t>(LayerId::poll)].renders));
}

TEST_F(PollBarsOnAir, NewVotesHalfwayMoveOnFromWhatIsOnAir) {
  const int a0 = bars[0].length(before);
  const int half = (kBarX1 - kBarX0) / 2;  // A at 2.000 of 4.000
  const I420Frame target = settled_frame(poll_scene(2000, 2000), background);
  const std::uint64_t first = engine.patch_layer("poll", votes_patch(3000, 1000));
  Sample shown;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  do {
    shown = blend();
    std::this_thread::sleep_for(1ms);
  } while (shown.on_air < first && std::chrono::steady_clock::now() < deadline);
  ASSERT_GT(shown.a, a0 + 20) << "the first patch's first frame should be on air";

  engine.patch_layer("poll", votes_patch(2000, 2000));
  const std::vector<Sample> samples = frames_until(target);
  for (const Sample& s : samples)
    EXPECT_GE(s.a, std::min(shown.a, half) - 2) << "bar A jumped back towards where the first patch started it";
  EXPECT_NEAR(samples.back().a, half, 2);
  EXPECT_TRUE(same_picture(frame, target)) << "the last frame is not the still of the last votes";
}

}  // namespace
}  // namespace votercast::media::graphics
