#pragma once
// Puts a video caller's picture on the programme, under the graphics: in its corner over
// the studio, or beside the studio's picture, which is scaled into the left half (internal
// header). The programme never waits for the caller: without a new picture the last one is
// shown again (frozen), and before the first a dark box holds its place. A picture is
// scaled once, when it arrives, not once per programme frame.
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "media/graphics/layer_canvas.hpp"
#include "media/graphics/scene.hpp"
#include "media/video_frame.hpp"

namespace votercast::media::graphics {

class CallerCompositor {
 public:
  explicit CallerCompositor(const FrameGeometry& geometry);
  // Any thread; an empty source takes the picture away.
  void set_source(CallerPictureSource source);
  // The streaming thread, every frame the layer shows. alpha: 0..256 (blend_alpha), its fade.
  void compose(VideoFrameView& frame, CallerVideo::Layout layout, int alpha);

  // Streaming thread counters, read by stats().
  std::uint64_t pictures_scaled() const { return pictures_scaled_.load(std::memory_order_relaxed); }
  std::uint64_t frames_without_picture() const { return frames_without_picture_.load(std::memory_order_relaxed); }

  // Where each layout puts the pictures, in frame pixels (even, for the chroma planes).
  PixelRect caller_rect(CallerVideo::Layout layout) const;
  PixelRect studio_rect() const;

  struct Planes {
    int width = 0, height = 0;
    std::vector<std::uint8_t> y, u, v;
    void resize(int w, int h);
  };

 private:
  void scale_studio(const VideoFrameView& frame);
  void scale_picture(const CallerPicture& picture, const PixelRect& into);

  const FrameGeometry geometry_;
  std::atomic<std::shared_ptr<const CallerPictureSource>> source_;
  Planes studio_;  // the studio's picture, scaled down for side by side
  Planes caller_;  // the latest caller picture, fitted into its place
  std::shared_ptr<const CallerPicture> scaled_picture_;  // what caller_ holds: shown again until a newer comes
  int scaled_width_ = 0, scaled_height_ = 0;
  std::atomic<std::uint64_t> source_changes_{0};  // a new call must not start with the last one's picture
  std::uint64_t seen_source_changes_ = 0;
  std::atomic<std::uint64_t> pictures_scaled_{0}, frames_without_picture_{0};
};

}  // namespace votercast::media::graphics
