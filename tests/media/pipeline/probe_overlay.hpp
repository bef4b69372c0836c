#pragma once
// FrameOverlays for tests: they see every programme frame on the streaming thread, so they
// can log what went to air (running time, a pixel) and paint something recognisable.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "media/video_frame.hpp"

namespace votercast::media::test {

struct AiredFrame {
  std::int64_t running_time_ns = 0;
  std::chrono::steady_clock::time_point aired;
  int y = 0, u = 0, v = 0;  // at the sample point, before anything is painted
};

// Logs every frame; optionally paints a solid I420 rectangle.
class ProbeOverlay : public FrameOverlay {
 public:
  struct Rectangle {
    int x = 0, y = 0, width = 0, height = 0;
    std::uint8_t luma = 0, cb = 0, cr = 0;
  };
  // sample_x/y as fractions of the frame size.
  explicit ProbeOverlay(double sample_x = 0.1, double sample_y = 0.1);
  void paint(Rectangle rectangle) { rectangle_ = rectangle; painting_ = true; }

  void blend(VideoFrameView& frame, std::int64_t running_time_ns) override;

  std::vector<AiredFrame> frames() const;
  std::size_t count() const;
  int last_width() const { return width_.load(); }
  int last_height() const { return height_.load(); }

 private:
  const double sample_x_;
  const double sample_y_;
  Rectangle rectangle_;
  bool painting_ = false;
  mutable std::mutex mutex_;
  std::vector<AiredFrame> frames_;
  std::atomic<int> width_{0};
  std::atomic<int> height_{0};
};

}  // namespace votercast::media::test
