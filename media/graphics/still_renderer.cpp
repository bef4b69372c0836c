#include "media/graphics/still_renderer.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "media/graphics/clock_text.hpp"
#include "media/graphics/layer_renderers.hpp"
#include "media/graphics/scene_json.hpp"

namespace votercast::media::graphics {
namespace {

struct PngReader {
  std::string_view bytes;
  static cairo_status_t read(void* closure, unsigned char* data, unsigned int length) {
    auto* self = static_cast<PngReader*>(closure);
    if (self->bytes.size() < length) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, self->bytes.data(), length);
    self->bytes.remove_prefix(length);
    return CAIRO_STATUS_SUCCESS;
  }
};

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void paint_background(cairo_t* cr, std::string_view png, int width, int height) {
  PngReader reader{png};
  SurfacePtr background(cairo_image_surface_create_from_png_stream(&PngReader::read, &reader));
  if (cairo_surface_status(background.get()) != CAIRO_STATUS_SUCCESS)
    throw SceneError("invalid_background", "background",
                     "Ảnh nền không phải PNG hợp lệ / the background is not a valid PNG");
  const double bw = cairo_image_surface_get_width(background.get());
  const double bh = cairo_image_surface_get_height(background.get());
  const double scale = std::max(width / bw, height / bh);  // cover the frame
  cairo_save(cr);
  cairo_translate(cr, (width - bw * scale) / 2, (height - bh * scale) / 2);
  cairo_scale(cr, scale, scale);
  cairo_set_source_surface(cr, background.get(), 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
}

void paint_layer(cairo_t* cr, const ArgbLayer& layer) {
  for (const ArgbSprite& sprite : layer.sprites) {
    if (sprite.crop.empty()) continue;
    cairo_save(cr);
    cairo_rectangle(cr, sprite.x, sprite.y, sprite.crop.width, sprite.crop.height);
    cairo_clip(cr);
    cairo_set_source_surface(cr, sprite.surface.get(), sprite.x - sprite.crop.x, sprite.y - sprite.crop.y);
    cairo_paint(cr);
    cairo_restore(cr);
  }
  if (const auto& crawl = layer.crawl) {
    // The strip's start at the window's left edge: the first item readable.
    cairo_save(cr);
    cairo_rectangle(cr, crawl->window.x, crawl->window.y, crawl->window.width, crawl->window.height);
    cairo_clip(cr);
    int x = crawl->window.x;
    for (const SurfacePtr& tile : crawl->tiles) {
      cairo_set_source_surface(cr, tile.get(), x, crawl->window.y);
      cairo_paint(cr);
      x += cairo_image_surface_get_width(tile.get());
      if (x >= crawl->window.x + crawl->window.width) break;
    }
    cairo_restore(cr);
  }
}

}  // namespace

std::string render_scene_png(const Scene& scene, const StillOptions& options) {
  if (options.width < 16 || options.width > 7680 || options.height < 16 || options.height > 4320)
    throw std::invalid_argument("still size out of range");
  // Pango objects stay on the thread that made them; each thread keeps its own.
  thread_local TextContext text;
  const FrameGeometry geometry = FrameGeometry::for_frame(options.width, options.height);
  SurfacePtr frame(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, options.width, options.height));
  CairoPtr cr(cairo_create(frame.get()));
  if (options.background_png) paint_background(cr.get(), *options.background_png, options.width, options.height);
  const RenderInputs inputs{clock_text(options.clock_time)};
  for (LayerId id : kLayersInDrawingOrder) {
    const bool visible = visit_layer(scene, id, [](const auto& layer) { return layer.visible; });
    if (visible) paint_layer(cr.get(), render_layer(text, geometry, id, scene, inputs));
  }
  cr.reset();
  std::string png;
  cairo_surface_write_to_png_stream(frame.get(), &append_png, &png);
  return png;
}

}  // namespace votercast::media::graphics
