#pragma once
// The contract between the programme pipeline and whatever draws over it.
// The programme is I420 (what x264 wants); graphics are blended into it in place.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

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

// A picture from outside the programme (a video caller's), I420, tightly packed: Y is
// width x height, U and V (width+1)/2 x (height+1)/2. Immutable once handed over.
struct CallerPicture {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> y, u, v;
  std::uint64_t number = 0;  // grows with each new picture: a repeat is not scaled again
};

// The latest picture, or null while there is none. Called on the streaming thread for
// every programme frame: it must return at once (a pointer swap, never a wait on the network).
using CallerPictureSource = std::function<std::shared_ptr<const CallerPicture>()>;

}  // namespace votercast::media
