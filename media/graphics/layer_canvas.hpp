#pragma once
// Where a layer is drawn: a transparent ARGB surface over the layer's zone, in design
// pixels, cropped to what was drawn (internal header).
#include <optional>
#include <vector>

#include "media/graphics/cairo_handles.hpp"
#include "media/graphics/design.hpp"

namespace votercast::media::graphics {

// What a thread needs to lay out text: its own font map and Pango context
// (Pango objects must not be shared between threads).
class TextContext {
 public:
  TextContext();
  PangoContext* pango() const { return context_.get(); }

 private:
  FontMapPtr font_map_;
  PangoContextPtr context_;
};

// How design pixels (1920x1080) map onto the programme frame: scaled by its height and
// centred, so a 1280x720 programme gets the same picture, smaller.
struct FrameGeometry {
  int width = 1920, height = 1080;
  double scale = 1.0;
  double offset_x = 0, offset_y = 0;
  static FrameGeometry for_frame(int width, int height);
};

struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
  bool empty() const { return width <= 0 || height <= 0; }
};

// Premultiplied ARGB32 (Cairo's format). `crop` (surface pixels) goes at frame (x, y);
// all four are even so that the I420 chroma stays aligned.
struct ArgbSprite {
  SurfacePtr surface;
  PixelRect crop;
  int x = 0, y = 0;
  // The layer drew past its zone (a layout bug): what it drew there was cut off.
  bool overflowed = false;
};

// A strip that crawls through a window: columns [0, width) of the tiles laid side by side,
// periodic with `period` (so any window of it that starts before `period` is whole).
struct ArgbCrawl {
  std::vector<SurfacePtr> tiles;  // left to right; Cairo surfaces are at most 32767 px wide
  int width = 0;
  int period = 0;
  PixelRect window;  // frame pixels; x and y even
  double speed_px_per_s = 0;
};

struct ArgbLayer {
  std::vector<ArgbSprite> sprites;
  std::optional<ArgbCrawl> crawl;
};

class LayerCanvas {
 public:
  LayerCanvas(const FrameGeometry& geometry, const design::Rect& zone, TextContext& text);
  cairo_t* cr() const { return cr_.get(); }           // draws in design pixels
  PangoContext* pango() const { return text_.pango(); }
  // The surface cropped to its drawn pixels (an empty crop when nothing was drawn).
  ArgbSprite finish();

 private:
  TextContext& text_;
  PixelRect zone_;    // the zone in frame pixels
  PixelRect device_;  // the surface in frame pixels: the zone and a margin to catch overflow
  SurfacePtr surface_;
  CairoPtr cr_;
};

// The drawn (alpha > 0) part of a premultiplied ARGB32 surface, widened to even bounds.
PixelRect drawn_bounds(cairo_surface_t* surface);

void set_colour(cairo_t* cr, const design::Colour& c);
void fill_rect(cairo_t* cr, double x, double y, double w, double h, const design::Colour& c);

}  // namespace votercast::media::graphics
