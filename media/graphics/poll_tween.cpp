#include "media/graphics/poll_tween.hpp"

#include <algorithm>
#include <cmath>

namespace votercast::media::graphics {

double ease_out(double progress) {
  const double rest = 1 - std::clamp(progress, 0.0, 1.0);
  return 1 - rest * rest * rest;
}

bool only_votes_differ(const Poll& a, const Poll& b) {
  if (a.title != b.title || a.final != b.final || a.options.size() != b.options.size()) return false;
  for (std::size_t i = 0; i < a.options.size(); ++i)
    if (a.options[i].code != b.options[i].code || a.options[i].label != b.options[i].label) return false;
  return true;
}

Poll interpolate_votes(const Poll& from, const Poll& to, double eased) {
  Poll poll = to;
  if (from.options.size() != to.options.size()) return poll;  // not the same poll: nothing to ease from
  eased = std::clamp(eased, 0.0, 1.0);
  for (std::size_t i = 0; i < poll.options.size(); ++i) {
    const std::int64_t a = from.options[i].votes, b = to.options[i].votes;
    poll.options[i].votes = a + std::llround(static_cast<double>(b - a) * eased);  // exactly b at 1
  }
  return poll;
}

std::optional<Poll> PollTween::content_to_render(const Layer<Poll>& previous, const Layer<Poll>& wanted,
                                                 bool first, Clock::time_point now) {
  std::optional<Poll> frame;
  if (first || previous.content != wanted.content) {
    if (first || !previous.visible || !wanted.visible || !only_votes_differ(previous.content, wanted.content)) {
      active_ = false;
      return wanted.content;
    }
    from_ = shown_;  // what is on air, even halfway through a tween: no jump back
    to_ = wanted.content;
    start_ = now;
    active_ = true;
    frame = frame_at(now);  // at once: this frame publishes the change
  } else if (!active_) {
    return std::nullopt;
  } else if (!wanted.visible) {
    // Gone from the air: no need to move, but it must not stay at a frame for its next showing.
    active_ = false;
    return wanted.content;
  } else if (now < next_frame_at_) {
    return std::nullopt;
  } else {
    frame = frame_at(now);
  }
  if (*frame == shown_) return std::nullopt;  // a few votes: this step rounds to the counts on air
  return frame;
}

void PollTween::rendered(const Poll& shown, Clock::duration took) {
  shown_ = shown;
  // However slow the machine, the tween leaves the render thread idle at least half the time.
  if (active_) next_frame_at_ = std::max(next_frame_at_, frame_decided_at_ + 2 * took);
}

Poll PollTween::frame_at(Clock::time_point now) {
  frame_decided_at_ = now;
  next_frame_at_ = now + kPollTweenStep;
  // A frame stays on air for a step, so it shows where the counts are due at the step's end:
  // the first frame already moves, and the last (exactly the target) is due at the end.
  const double progress = std::chrono::duration<double>(now + kPollTweenStep - start_) / kPollTweenDuration;
  if (progress >= 1) {
    active_ = false;
    return to_;
  }
  return interpolate_votes(from_, to_, ease_out(progress));
}

}  // namespace votercast::media::graphics
