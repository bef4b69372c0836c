#pragma once
// Where a layer is between hidden and shown, following the frames' running time: a cut
// jumps, a fade moves alpha linearly over its duration, in either direction, from wherever
// it was (internal header).
#include <cstdint>

#include "media/graphics/scene.hpp"

namespace votercast::media::graphics {

class LayerTransition {
 public:
  // The scene now wants the layer shown (or hidden). The change starts at the running
  // time of the next alpha_at() call; asking again for the current target changes nothing.
  void retarget(bool visible, const Transition& transition);

  // Alpha in [0, 1] at running time t.
  double alpha_at(std::int64_t running_time_ns);

  bool target_visible() const { return target_; }
  // Shown at all (fully, or fading either way) as of the last alpha_at().
  bool on_screen() const { return alpha_ > 0; }
  // At its target as of the last alpha_at(): no cut or fade still to come.
  bool settled() const { return !start_pending_ && alpha_ == (target_ ? 1.0 : 0.0); }

 private:
  bool target_ = false;
  bool start_pending_ = false;
  double from_ = 0, alpha_ = 0;
  std::int64_t start_ns_ = 0, duration_ns_ = 0;
};

// 0..256 for the blend, rounded.
inline int blend_alpha(double alpha) { return static_cast<int>(alpha * 256 + 0.5); }

}  // namespace votercast::media::graphics
