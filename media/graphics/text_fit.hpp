#pragma once
// Fitting voter text into a box: wrap, then shrink down to a minimum size, then ellipsize.
// The result never extends past the box (internal header: Pango types).
#include <string>
#include <string_view>

#include "media/graphics/cairo_handles.hpp"

namespace votercast::media::graphics {

struct TextStyle {
  bool bold = false;
  double max_px = 48;  // font size (em height) in layout units
  double min_px = 48;  // fit_text shrinks down to this before it ellipsizes
  PangoAlignment alignment = PANGO_ALIGN_LEFT;
  bool uppercase = false;
};

struct FittedText {
  LayoutPtr layout;
  double font_px = 0;
  int lines = 0;
  bool ellipsized = false;
  // The space the text takes (logical and ink extents together, so stacked diacritics
  // above a capital count): draw it with draw_fitted at the box's top-left.
  double left = 0, top = 0, width = 0, height = 0;
};

// Voter text as one on-air paragraph: invalid UTF-8 repaired, NFC, control and bidi
// override characters dropped, whitespace (newlines too) collapsed to single spaces.
std::string on_air_text(std::string_view text);

// Wrapped into box_w x box_h at the largest size in [min_px, max_px] that fits, else
// ellipsized at min_px. The text is set as text, never parsed as Pango markup.
FittedText fit_text(PangoContext* context, std::string_view text, const TextStyle& style,
                    double box_w, double box_h);

// One line at style.max_px, ellipsized at max_w.
FittedText fit_line(PangoContext* context, std::string_view text, const TextStyle& style, double max_w);

// Draws so that the fitted extents' top-left lands at (x, y), clipped to width x height.
void draw_fitted(cairo_t* cr, const FittedText& text, double x, double y);

}  // namespace votercast::media::graphics
