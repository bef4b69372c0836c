// The poll's votes easing to new counts: the interpolation (whole counts, between, exactly at
// the target, percentages adding up to 100) and when the render thread animates or cuts.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "media/graphics/layer_renderers.hpp"
#include "media/graphics/poll_tween.hpp"

namespace votercast::media::graphics {
namespace {

using namespace std::chrono_literals;
using Clock = PollTween::Clock;

Poll poll_with(std::vector<std::int64_t> votes) {
  Poll poll{"Bạn có hài lòng với tiến độ sửa chữa đường ĐT743?", {}, false};
  const char* labels[] = {"Hài lòng", "Chưa hài lòng", "Không có ý kiến", "Khác"};
  for (std::size_t i = 0; i < votes.size(); ++i)
    poll.options.push_back({std::string(1, static_cast<char>('A' + i)), labels[i % 4], votes[i]});
  return poll;
}

Layer<Poll> on_air(Poll poll, bool visible = true) { return {visible, {}, std::move(poll)}; }

std::vector<std::int64_t> votes_of(const Poll& poll) {
  std::vector<std::int64_t> votes;
  for (const PollOption& option : poll.options) votes.push_back(option.votes);
  return votes;
}

bool between(std::int64_t value, std::int64_t a, std::int64_t b) {
  return std::min(a, b) <= value && value <= std::max(a, b);
}

void expect_percentages_add_up(const Poll& poll) {
  const std::vector<int> percent = poll_percentages(poll.options);
  EXPECT_EQ(std::accumulate(percent.begin(), percent.end(), 0), 100) << ::testing::PrintToString(votes_of(poll));
}

TEST(PollTween, EaseOutStartsFastAndEndsExactlyAtOne) {
  EXPECT_EQ(ease_out(0), 0.0);
  EXPECT_EQ(ease_out(1), 1.0);
  EXPECT_GT(ease_out(0.5), 0.8) << "ease-out: most of the way in the first half";
  double last = 0;
  for (int i = 1; i <= 100; ++i) {
    EXPECT_GE(ease_out(i / 100.0), last);
    last = ease_out(i / 100.0);
  }
}

TEST(PollTween, InterpolatedVotesAreWholeCountsBetweenThatEndExactlyAtTheTarget) {
  const Poll from = poll_with({1234, 2345, 321, 0});
  const Poll to = poll_with({5000, 2001, 999'999'937, 7});
  EXPECT_EQ(interpolate_votes(from, to, 0), poll_with(votes_of(from))) << "0: the counts on air";
  EXPECT_EQ(interpolate_votes(from, to, 1), to) << "1: exactly the target";
  std::vector<std::int64_t> last = votes_of(from);
  for (int i = 0; i <= 200; ++i) {
    const Poll frame = interpolate_votes(from, to, i / 200.0);
    EXPECT_EQ(frame.title, to.title);
    ASSERT_EQ(frame.options.size(), to.options.size());
    for (std::size_t k = 0; k < frame.options.size(); ++k) {
      const std::int64_t v = frame.options[k].votes;
      EXPECT_TRUE(between(v, from.options[k].votes, to.options[k].votes)) << v;
      EXPECT_TRUE(between(v, last[k], to.options[k].votes)) << "option " << k << " went back";
      EXPECT_EQ(frame.options[k].label, to.options[k].label);
    }
    expect_percentages_add_up(frame);
    last = votes_of(frame);
  }
  // Whole votes, rounded to the nearest: a quarter of the way from 0 to 2 is 1 (0.5 rounds up).
  EXPECT_EQ(votes_of(interpolate_votes(poll_with({0, 10}), poll_with({2, 10}), 0.25)),
            (std::vector<std::int64_t>{1, 10}));
  EXPECT_EQ(votes_of(interpolate_votes(poll_with({0, 10}), poll_with({2, 10}), 0.2)),
            (std::vector<std::int64_t>{0, 10}));
  // Another poll (other options): nothing to ease from.
  EXPECT_EQ(interpolate_votes(poll_with({1, 2, 3}), to, 0.5), to);
}

TEST(PollTween, OnlyVotesDifferSeesEveryOtherChange) {
  const Poll poll = poll_with({10, 20, 30});
  EXPECT_TRUE(only_votes_differ(poll, poll_with({11, 0, 300})));
  Poll other = poll;
  other.title = "Câu hỏi khác";
  EXPECT_FALSE(only_votes_differ(poll, other));
  other = poll;
  other.options[1].label = "Không hài lòng";
  EXPECT_FALSE(only_votes_differ(poll, other));
  other = poll;
  other.options[2].code = "D";
  EXPECT_FALSE(only_votes_differ(poll, other));
  other = poll;
  other.final = true;
  EXPECT_FALSE(only_votes_differ(poll, other));
  EXPECT_FALSE(only_votes_differ(poll, poll_with({10, 20})));
}

// The render thread's passes as the engine makes them: each frame when it is due.
struct RenderThread {
  PollTween tween;
  Layer<Poll> rendered;  // the target, as the engine keeps it
  Clock::time_point now = Clock::time_point{} + 1000s;
  Clock::duration render_took = 4ms;

  std::optional<Poll> pass(const Layer<Poll>& wanted, bool first = false) {
    std::optional<Poll> poll = tween.content_to_render(rendered, wanted, first, now);
    if (poll) tween.rendered(*poll, render_took);
    rendered = wanted;
    return poll;
  }
  // The tween's frames until it ends, each at the time it is due.
  std::vector<std::pair<Clock::time_point, Poll>> run() {
    std::vector<std::pair<Clock::time_point, Poll>> frames;
    while (tween.active() && frames.size() < 100) {
      EXPECT_FALSE(tween.content_to_render(rendered, rendered, false, tween.next_frame_at() - 1ms))
          << "a frame before it is due";
      now = tween.next_frame_at();
      if (std::optional<Poll> frame = pass(rendered)) frames.push_back({now, *frame});
    }
    return frames;
  }
};

TEST(PollTween, AVotesOnlyChangeMovesInSeveralStepsAndEndsExactlyAtTheTarget) {
  RenderThread thread;
  const Poll before = poll_with({1000, 3000, 0}), after = poll_with({3000, 1000, 500});
  ASSERT_EQ(thread.pass(on_air(before), true), before);
  EXPECT_FALSE(thread.tween.active());

  const Clock::time_point start = thread.now;
  const std::optional<Poll> first = thread.pass(on_air(after));
  ASSERT_TRUE(first) << "the change is rendered at once: its first frame publishes it";
  EXPECT_NE(*first, before) << "the first frame already moves";
  EXPECT_NE(*first, after) << "a cut, not a tween";
  ASSERT_TRUE(thread.tween.active());

  std::vector<std::pair<Clock::time_point, Poll>> frames = thread.run();
  frames.insert(frames.begin(), {start, *first});
  EXPECT_GE(frames.size(), 5u);
  EXPECT_LE(frames.size(), 12u);
  EXPECT_EQ(frames.back().second, after) << "ends exactly at the target";
  EXPECT_LE(frames.back().first - start, kPollTweenDuration);
  EXPECT_GE(frames.back().first - start, kPollTweenDuration / 2);
  std::vector<std::int64_t> last = votes_of(before);
  for (const auto& [at, frame] : frames) {
    for (std::size_t k = 0; k < frame.options.size(); ++k)
      EXPECT_TRUE(between(frame.options[k].votes, last[k], after.options[k].votes)) << "option " << k;
    EXPECT_NE(votes_of(frame), last) << "a frame that shows nothing new was rendered";
    expect_percentages_add_up(frame);
    last = votes_of(frame);
  }
  EXPECT_FALSE(thread.pass(on_air(after))) << "settled: nothing more to render";
}

TEST(PollTween, AnUpdateMidTweenStartsFromTheCountsOnAir) {
  RenderThread thread;
  const Poll before = poll_with({0, 4000}), after = poll_with({4000, 0}), later = poll_with({3000, 1000});
  thread.pass(on_air(before), true);
  thread.pass(on_air(after));
  thread.now = thread.tween.next_frame_at();
  const std::optional<Poll> shown = thread.pass(on_air(after));
  ASSERT_TRUE(shown);
  ASSERT_GT(shown->options[0].votes, 1000) << "two frames into the tween";
  ASSERT_LT(shown->options[0].votes, 4000);

  thread.now += 10ms;
  const std::optional<Poll> restart = thread.pass(on_air(later));
  ASSERT_TRUE(restart);
  EXPECT_TRUE(thread.tween.active());
  for (std::size_t k = 0; k < 2; ++k)
    EXPECT_TRUE(between(restart->options[k].votes, shown->options[k].votes, later.options[k].votes))
        << "option " << k << ": " << restart->options[k].votes << " is not between what was on air ("
        << shown->options[k].votes << ") and the new target (" << later.options[k].votes << ")";
  const auto frames = thread.run();
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back().second, later);
}

TEST(PollTween, AnythingButTheVotesOfAPollOnAirIsRenderedAtOnce) {
  const Poll poll = poll_with({10, 20});
  Poll retitled = poll_with({30, 40});
  retitled.title = "Câu hỏi khác";
  Poll relabelled = poll_with({30, 40});
  relabelled.options[0].label = "Rất hài lòng";
  Poll finished = poll_with({30, 40});
  finished.final = true;
  struct Case {
    const char* what;
    Layer<Poll> previous, wanted;
  } cases[] = {
      {"first show", on_air(poll, false), on_air(poll_with({30, 40}))},
      {"hidden", on_air(poll), on_air(poll_with({30, 40}), false)},
      {"prepared while hidden", on_air(poll, false), on_air(poll_with({30, 40}), false)},
      {"title", on_air(poll), on_air(retitled)},
      {"label", on_air(poll), on_air(relabelled)},
      {"final", on_air(poll), on_air(finished)},
      {"another option", on_air(poll), on_air(poll_with({10, 20, 5}))},
  };
  for (const Case& c : cases) {
    RenderThread thread;
    thread.pass(c.previous, true);
    EXPECT_EQ(thread.pass(c.wanted), c.wanted.content) << c.what;
    EXPECT_FALSE(thread.tween.active()) << c.what;
  }

  // Hidden halfway through: the target at once, so it never comes back showing a frame.
  RenderThread thread;
  thread.pass(on_air(poll), true);
  thread.pass(on_air(poll_with({3000, 4000})));
  ASSERT_TRUE(thread.tween.active());
  thread.now += 5ms;
  EXPECT_EQ(thread.pass(on_air(poll_with({3000, 4000}), false)), poll_with({3000, 4000}));
  EXPECT_FALSE(thread.tween.active());
}

TEST(PollTween, ASlowRenderSpacesTheFramesSoTheRendererIdlesHalfTheTime) {
  RenderThread thread;
  thread.pass(on_air(poll_with({0, 100'000})), true);
  thread.render_took = 70ms;
  const Clock::time_point start = thread.now;
  thread.pass(on_air(poll_with({100'000, 0})));
  EXPECT_GE(thread.tween.next_frame_at() - start, 140ms);
  const auto frames = thread.run();
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back().second, poll_with({100'000, 0}));
  EXPECT_LE(frames.back().first - start, kPollTweenDuration + 140ms) << "fewer frames, not a longer tween";
}

TEST(PollTween, AFewVotesRenderOnlyTheStepsThatShowThem) {
  RenderThread thread;
  thread.pass(on_air(poll_with({100, 100})), true);
  std::vector<Poll> rendered;
  if (auto first = thread.pass(on_air(poll_with({101, 100})))) rendered.push_back(*first);
  for (const auto& [at, frame] : thread.run()) rendered.push_back(frame);
  ASSERT_EQ(rendered.size(), 1u) << "one vote: one picture";
  EXPECT_EQ(rendered.back(), poll_with({101, 100}));
}

}  // namespace
}  // namespace votercast::media::graphics
