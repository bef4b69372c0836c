#pragma once
// Owning handles for the Cairo, Pango and GLib objects the renderers use (internal header).
#include <memory>

#include <cairo.h>
#include <glib-object.h>
#include <pango/pangocairo.h>

namespace votercast::media::graphics {

struct CairoSurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct GObjectFree {
  void operator()(void* object) const { g_object_unref(object); }
};
struct FontDescriptionFree {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
struct GFree {
  void operator()(void* p) const { g_free(p); }
};

using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoSurfaceFree>;
using CairoPtr = std::unique_ptr<cairo_t, CairoFree>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectFree>;
using FontMapPtr = std::unique_ptr<PangoFontMap, GObjectFree>;
using PangoContextPtr = std::unique_ptr<PangoContext, GObjectFree>;
using FontDescriptionPtr = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;
using GCharPtr = std::unique_ptr<char, GFree>;

}  // namespace votercast::media::graphics
