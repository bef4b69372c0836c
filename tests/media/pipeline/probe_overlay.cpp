#include "probe_overlay.hpp"

#include <algorithm>
#include <cstring>

namespace votercast::media::test {

ProbeOverlay::ProbeOverlay(double sample_x, double sample_y) : sample_x_(sample_x), sample_y_(sample_y) {}

void ProbeOverlay::blend(VideoFrameView& frame, std::int64_t running_time_ns) {
  AiredFrame aired;
  aired.running_time_ns = running_time_ns;
  aired.aired = std::chrono::steady_clock::now();
  const int x = static_cast<int>(frame.width * sample_x_) & ~1;
  const int y = static_cast<int>(frame.height * sample_y_) & ~1;
  aired.y = frame.data[0][y * frame.stride[0] + x];
  aired.u = frame.data[1][(y / 2) * frame.stride[1] + x / 2];
  aired.v = frame.data[2][(y / 2) * frame.stride[2] + x / 2];
  width_ = frame.width;
  height_ = frame.height;
  if (painting_) {
    const Rectangle& r = rectangle_;
    for (int row = r.y; row < std::min(r.y + r.height, frame.height); ++row) {
      std::memset(frame.data[0] + row * frame.stride[0] + r.x, r.luma, static_cast<std::size_t>(r.width));
    }
    for (int row = r.y / 2; row < std::min((r.y + r.height) / 2, (frame.height + 1) / 2); ++row) {
      std::memset(frame.data[1] + row * frame.stride[1] + r.x / 2, r.cb, static_cast<std::size_t>(r.width / 2));
      std::memset(frame.data[2] + row * frame.stride[2] + r.x / 2, r.cr, static_cast<std::size_t>(r.width / 2));
    }
  }
  std::lock_guard lock(mutex_);
  frames_.push_back(aired);
}

std::vector<AiredFrame> ProbeOverlay::frames() const {
  std::lock_guard lock(mutex_);
  return frames_;
}

std::size_t ProbeOverlay::count() const {
  std::lock_guard lock(mutex_);
  return frames_.size();
}

}  // namespace votercast::media::test
