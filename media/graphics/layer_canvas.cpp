#include "media/graphics/layer_canvas.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace votercast::media::graphics {

TextContext::TextContext()
    : font_map_(pango_cairo_font_map_new()),
      context_(pango_font_map_create_context(font_map_.get())) {
  // Broadcast text: grey antialiasing (no subpixel colour fringes), and unhinted metrics
  // so that a layout measures the same at 1080 and 720 lines.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_SLIGHT);
  pango_cairo_context_set_font_options(context_.get(), options);
  cairo_font_options_destroy(options);
  pango_context_set_language(context_.get(), pango_language_from_string("vi"));
}

FrameGeometry FrameGeometry::for_frame(int width, int height) {
  FrameGeometry g;
  g.width = width;
  g.height = height;
  g.scale = std::min(width / design::kFrameWidth, height / design::kFrameHeight);
  g.offset_x = (width - design::kFrameWidth * g.scale) / 2;
  g.offset_y = (height - design::kFrameHeight * g.scale) / 2;
  return g;
}

LayerCanvas::LayerCanvas(const FrameGeometry& geometry, const design::Rect& zone, TextContext& text)
    : text_(text) {
  auto even_down = [](double v) { return static_cast<int>(std::floor(v / 2)) * 2; };
  auto even_up = [](double v) { return static_cast<int>(std::ceil(v / 2)) * 2; };
  auto frame_rect = [&](double margin) {
    const int x0 = std::max(0, even_down((zone.x - margin) * geometry.scale + geometry.offset_x));
    const int y0 = std::max(0, even_down((zone.y - margin) * geometry.scale + geometry.offset_y));
    const int x1 = std::min(geometry.width & ~1, even_up((zone.right() + margin) * geometry.scale + geometry.offset_x));
    const int y1 = std::min(geometry.height & ~1, even_up((zone.bottom() + margin) * geometry.scale + geometry.offset_y));
    return PixelRect{x0, y0, std::max(2, x1 - x0), std::max(2, y1 - y0)};
  };
  zone_ = frame_rect(0);
  device_ = frame_rect(32);
  surface_.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, device_.width, device_.height));
  cr_.reset(cairo_create(surface_.get()));
  cairo_translate(cr_.get(), geometry.offset_x - device_.x, geometry.offset_y - device_.y);
  cairo_scale(cr_.get(), geometry.scale, geometry.scale);
  pango_cairo_update_context(cr_.get(), text_.pango());
}

ArgbSprite LayerCanvas::finish() {
  cr_.reset();
  cairo_surface_flush(surface_.get());
  ArgbSprite sprite;
  const PixelRect drawn = drawn_bounds(surface_.get());
  // Only the zone goes on air (zones lie inside the title-safe area).
  const int zx = zone_.x - device_.x, zy = zone_.y - device_.y;
  const int left = std::max(drawn.x, zx), top = std::max(drawn.y, zy);
  const int right = std::min(drawn.x + drawn.width, zx + zone_.width);
  const int bottom = std::min(drawn.y + drawn.height, zy + zone_.height);
  sprite.overflowed = !drawn.empty() && (left != drawn.x || top != drawn.y || right != drawn.x + drawn.width ||
                                         bottom != drawn.y + drawn.height);
  if (right > left && bottom > top) sprite.crop = {left, top, right - left, bottom - top};
  sprite.x = device_.x + sprite.crop.x;
  sprite.y = device_.y + sprite.crop.y;
  sprite.surface = std::move(surface_);
  return sprite;
}

PixelRect drawn_bounds(cairo_surface_t* surface) {
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  int left = width, right = -1, top = height, bottom = -1;
  for (int y = 0; y < height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    int first = 0;
    while (first < width && (row[first] >> 24) == 0) ++first;
    if (first == width) continue;
    int last = width - 1;
    while ((row[last] >> 24) == 0) --last;
    left = std::min(left, first);
    right = std::max(right, last);
    top = std::min(top, y);
    bottom = y;
  }
  if (right < 0) return {};
  left &= ~1;
  top &= ~1;
  right = std::min(width, (right + 2) & ~1);
  bottom = std::min(height, (bottom + 2) & ~1);
  return {left, top, right - left, bottom - top};
}

void set_colour(cairo_t* cr, const design::Colour& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void fill_rect(cairo_t* cr, double x, double y, double w, double h, const design::Colour& c) {
  set_colour(cr, c);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

}  // namespace votercast::media::graphics
