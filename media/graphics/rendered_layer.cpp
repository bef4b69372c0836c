#include "media/graphics/rendered_layer.hpp"

#include <cmath>

#include "media/graphics/blend.hpp"

namespace votercast::media::graphics {
namespace {

ArgbView view_of(cairo_surface_t* surface, const PixelRect& crop) {
  const int stride = cairo_image_surface_get_stride(surface);
  const std::uint8_t* data = cairo_image_surface_get_data(surface);
  return {data + static_cast<std::ptrdiff_t>(crop.y) * stride + crop.x * 4, stride, crop.width, crop.height};
}

}  // namespace

std::size_t RenderedLayer::bytes() const {
  std::size_t total = crawl ? crawl->strip.bytes() : 0;
  for (const I420Graphic& sprite : sprites) total += sprite.bytes();
  return total;
}

RenderedLayer to_rendered_layer(const ArgbLayer& argb) {
  RenderedLayer layer;
  for (const ArgbSprite& sprite : argb.sprites)
    if (!sprite.crop.empty())
      layer.sprites.push_back(to_i420({view_of(sprite.surface.get(), sprite.crop)}, sprite.x, sprite.y, false));
  if (argb.crawl && !argb.crawl->tiles.empty()) {
    std::vector<ArgbView> tiles;
    for (const SurfacePtr& tile : argb.crawl->tiles)
      tiles.push_back(view_of(tile.get(), {0, 0, cairo_image_surface_get_width(tile.get()),
                                           cairo_image_surface_get_height(tile.get())}));
    I420Crawl crawl;
    crawl.window = argb.crawl->window;
    crawl.strip = to_i420(tiles, crawl.window.x, crawl.window.y, true);
    crawl.period = argb.crawl->period;
    crawl.speed_px_per_s = argb.crawl->speed_px_per_s;
    layer.crawl = std::move(crawl);
  }
  return layer;
}

CrawlPosition crawl_position(const I420Crawl& crawl, std::int64_t elapsed_ns) {
  const int window = crawl.window.width;
  const auto moved = static_cast<std::int64_t>(std::floor(crawl.speed_px_per_s * (static_cast<double>(elapsed_ns) * 1e-9)));
  // Strip column shown at window column c is c + entry.
  const std::int64_t entry = std::max<std::int64_t>(moved, 0) - window;
  CrawlPosition at;
  if (entry >= 0) {
    at.dst_x = crawl.window.x;
    at.src_x = static_cast<int>(entry % crawl.period);
    at.width = window;
  } else {
    int first = static_cast<int>(-entry);
    first += first & 1;  // frame columns stay even; the odd-phase chroma takes the odd strip column
    at.dst_x = crawl.window.x + first;
    at.src_x = static_cast<int>(first + entry);
    at.width = window - first;
  }
  return at;
}

void blend_layer(VideoFrameView& frame, const RenderedLayer& layer, int global_alpha, std::int64_t elapsed_ns) {
  for (const I420Graphic& sprite : layer.sprites) blend_graphic(frame, sprite, global_alpha);
  if (layer.crawl) {
    const CrawlPosition at = crawl_position(*layer.crawl, elapsed_ns);
    blend_graphic(frame, layer.crawl->strip, at.dst_x, layer.crawl->window.y, at.src_x, at.width, global_alpha);
  }
}

}  // namespace votercast::media::graphics
