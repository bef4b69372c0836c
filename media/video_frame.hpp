#pragma once
// The contract between the programme pipeline and whatever draws over it.
// The programme is I420 (what x264 wants); graphics are blended into it in place.
#include <cstdint>

namespace votercast::media {

// A writable I420 frame: plane 0 is Y (width x height), planes 1 and 2 are U and V
// at half width and half height (rounded up).
struct VideoFrameView {
  std::uint8_t* data[3] = {nullptr, nullptr, nullptr};
  int stride[3] = {0, 0, 0};
  int width = 0;
  int height = 0;
};

// Called on the streaming thread for every programme frame, so it must only blend
// what is already rendered: never render text, never block on a lock held while rendering.
class FrameOverlay {
 public:
  virtual ~FrameOverlay() = default;
  // running_time_ns: the frame's running time (monotonic, continuous across input loss),
  // which drives fades and the ticker's crawl.
  virtual void blend(VideoFrameView& frame, std::int64_t running_time_ns) = 0;
};

}  // namespace votercast::media
