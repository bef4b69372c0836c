#pragma once
// The poll's bars moving to new votes: when only the votes of a poll on air change, the render
// thread re-renders the layer a few times with counts eased from those on air to the new ones,
// instead of cutting to them (internal header).
#include <chrono>
#include <optional>

#include "media/graphics/scene.hpp"

namespace votercast::media::graphics {

// 360 ms, ease-out: long enough to be seen moving, short enough to keep up with votes
// arriving 4 times a second.
inline constexpr std::chrono::milliseconds kPollTweenDuration{360};
// One re-render per 40 ms: one frame at 25 fps, so a 25p programme shows every step (9 in all).
// Measured, poll render with its I420 conversion (RelWithDebInfo, 2 shared cores): median
// 3.3 ms at 1080p, 1.6 ms at 720p, so about 8% of a core at 1080p while votes keep coming
// (tweens then run back to back). 80 ms would halve that but the bars would visibly step.
inline constexpr std::chrono::milliseconds kPollTweenStep{40};

// Ease-out (cubic): 0 at 0, 1 at 1, fast at first and settling gently.
double ease_out(double progress);

// True when `a` and `b` are the same poll with other votes: title, `final`, codes and labels equal.
bool only_votes_differ(const Poll& a, const Poll& b);

// `to` with each option's votes `eased` of the way from `from`'s (0: from's, 1: exactly to's),
// rounded to whole votes; the total and the percentages are derived from them when drawn.
Poll interpolate_votes(const Poll& from, const Poll& to, double eased);

// Decides, at each pass of the render thread, what the poll layer is rendered with. Not
// thread-safe: the render thread's own.
class PollTween {
 public:
  using Clock = std::chrono::steady_clock;

  // What to render the poll with now, or nothing when what it shows stays.
  //   previous: the poll layer last rendered (while a tween runs, its target, not a frame)
  //   wanted:   the poll layer the scene asks for now
  //   first:    the render thread's first pass, which renders everything
  // A votes-only change of a poll visible before and now starts (or restarts, from the
  // counts on air) a tween; any other change, a hidden poll or a first show renders `wanted`.
  std::optional<Poll> content_to_render(const Layer<Poll>& previous, const Layer<Poll>& wanted, bool first,
                                        Clock::time_point now);

  // The render thread drew `shown` in `took`: it is what the poll shows from now on.
  void rendered(const Poll& shown, Clock::duration took);

  bool active() const { return active_; }
  // When content_to_render() has the tween's next frame (while active).
  Clock::time_point next_frame_at() const { return next_frame_at_; }

 private:
  Poll frame_at(Clock::time_point now);

  bool active_ = false;
  Poll from_, to_;
  Poll shown_;  // the counts the rendered layer shows: a frame's, or the target's
  Clock::time_point start_, frame_decided_at_, next_frame_at_;
};

}  // namespace votercast::media::graphics
