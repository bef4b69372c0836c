#include "media/graphics/layer_transition.hpp"

#include <algorithm>
#include <cmath>

namespace votercast::media::graphics {

void LayerTransition::retarget(bool visible, const Transition& transition) {
  if (visible == target_) return;
  target_ = visible;
  from_ = alpha_;
  start_pending_ = true;
  duration_ns_ = transition.kind == Transition::Kind::fade ? std::int64_t{transition.ms} * 1'000'000 : 0;
}

double LayerTransition::alpha_at(std::int64_t running_time_ns) {
  if (start_pending_) {
    start_ns_ = running_time_ns;
    start_pending_ = false;
  }
  const double to = target_ ? 1.0 : 0.0;
  if (duration_ns_ <= 0) {
    alpha_ = to;
  } else {
    // A fade from halfway takes half the time, so its speed is that of a full fade.
    const double remaining = std::abs(to - from_) * static_cast<double>(duration_ns_);
    const double progress =
        remaining <= 0 ? 1.0 : std::clamp(static_cast<double>(running_time_ns - start_ns_) / remaining, 0.0, 1.0);
    alpha_ = from_ + (to - from_) * progress;
  }
  return alpha_;
}

}  // namespace votercast::media::graphics
