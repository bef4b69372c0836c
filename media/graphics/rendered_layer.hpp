#pragma once
// One layer ready for the programme: its sprites in I420, converted once off the streaming
// thread, and how to blend it at a given moment (internal header).
#include <cstdint>
#include <optional>
#include <vector>

#include "media/graphics/i420_graphic.hpp"
#include "media/graphics/layer_canvas.hpp"
#include "media/video_frame.hpp"

namespace votercast::media::graphics {

struct I420Crawl {
  I420Graphic strip;  // periodic with `period`, at least period + window.width wide
  int period = 0;
  PixelRect window;
  double speed_px_per_s = 0;
};

struct RenderedLayer {
  std::vector<I420Graphic> sprites;
  std::optional<I420Crawl> crawl;
  std::size_t bytes() const;
};

RenderedLayer to_rendered_layer(const ArgbLayer& argb);

// How far the crawl has moved after `elapsed_ns` on air: the strip enters at the window's
// right edge and then loops seamlessly.
struct CrawlPosition {
  int dst_x = 0;  // frame column where the strip's src_x lands (even)
  int src_x = 0;
  int width = 0;
};
CrawlPosition crawl_position(const I420Crawl& crawl, std::int64_t elapsed_ns);

// Blends the layer at global_alpha/256; elapsed_ns drives the crawl.
void blend_layer(VideoFrameView& frame, const RenderedLayer& layer, int global_alpha, std::int64_t elapsed_ns);

}  // namespace votercast::media::graphics
