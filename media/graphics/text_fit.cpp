#include "media/graphics/text_fit.hpp"

#include <algorithm>
#include <cmath>

namespace votercast::media::graphics {
namespace {

bool is_bidi_control(gunichar c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

LayoutPtr new_layout(PangoContext* context, const std::string& text, const TextStyle& style) {
  LayoutPtr layout(pango_layout_new(context));
  if (style.uppercase) {
    GCharPtr upper(g_utf8_strup(text.data(), static_cast<gssize>(text.size())));
    pango_layout_set_text(layout.get(), upper.get(), -1);
  } else {
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  }
  pango_layout_set_alignment(layout.get(), style.alignment);
  return layout;
}

void set_font_px(PangoLayout* layout, const TextStyle& style, double px) {
  FontDescriptionPtr font(pango_font_description_from_string("Noto Sans"));
  pango_font_description_set_weight(font.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font.get(), px * PANGO_SCALE);
  pango_layout_set_font_description(layout, font.get());
}

// The logical and ink extents together, in layout units.
void measure(FittedText& fitted) {
  PangoRectangle ink, logical;
  pango_layout_get_extents(fitted.layout.get(), &ink, &logical);
  const int left = std::min(ink.x, logical.x), top = std::min(ink.y, logical.y);
  const int right = std::max(ink.x + ink.width, logical.x + logical.width);
  const int bottom = std::max(ink.y + ink.height, logical.y + logical.height);
  fitted.left = static_cast<double>(left) / PANGO_SCALE;
  fitted.top = static_cast<double>(top) / PANGO_SCALE;
  fitted.width = static_cast<double>(right - left) / PANGO_SCALE;
  fitted.height = static_cast<double>(bottom - top) / PANGO_SCALE;
  fitted.lines = pango_layout_get_line_count(fitted.layout.get());
  fitted.ellipsized = pango_layout_is_ellipsized(fitted.layout.get());
}

bool fits(const FittedText& fitted, double box_w, double box_h) {
  return fitted.width <= box_w + 0.01 && fitted.height <= box_h + 0.01;
}

}  // namespace

std::string on_air_text(std::string_view text) {
  // GLib treats NUL as invalid; it is a control character like any other here.
  std::string bytes(text);
  std::replace(bytes.begin(), bytes.end(), '\0', ' ');
  GCharPtr valid(g_utf8_make_valid(bytes.data(), static_cast<gssize>(bytes.size())));
  GCharPtr nfc(g_utf8_normalize(valid.get(), -1, G_NORMALIZE_NFC));
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (const char* p = nfc.get(); *p; p = g_utf8_next_char(p)) {
    const gunichar c = g_utf8_get_char(p);
    if (is_bidi_control(c) || c == 0xFFFD) continue;  // U+FFFD: what repair left of invalid bytes
    if (g_unichar_isspace(c) || c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(p, static_cast<std::size_t>(g_utf8_next_char(p) - p));
  }
  return out;
}

FittedText fit_text(PangoContext* context, std::string_view text, const TextStyle& style,
                    double box_w, double box_h) {
  FittedText fitted;
  fitted.layout = new_layout(context, on_air_text(text), style);
  PangoLayout* layout = fitted.layout.get();
  pango_layout_set_width(layout, static_cast<int>(box_w * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);

  auto try_size = [&](double px) {
    set_font_px(layout, style, px);
    measure(fitted);
    fitted.font_px = px;
    return fits(fitted, box_w, box_h);
  };
  // The largest whole pixel size that fits: sizes fit monotonically, so bisect.
  int lo = static_cast<int>(std::ceil(style.min_px)), hi = static_cast<int>(std::floor(style.max_px));
  if (try_size(hi)) return fitted;
  if (try_size(lo)) {
    while (hi - lo > 1) {
      const int mid = (lo + hi) / 2;
      (try_size(mid) ? lo : hi) = mid;
    }
    try_size(lo);
    return fitted;
  }
  // Even the smallest size is too long: as many lines as fit, the last one ellipsized.
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  for (int lines = std::max(1, fitted.lines); lines >= 1; --lines) {
    pango_layout_set_height(layout, -lines);
    measure(fitted);
    if (fits(fitted, box_w, box_h)) break;
  }
  return fitted;
}

FittedText fit_line(PangoContext* context, std::string_view text, const TextStyle& style, double max_w) {
  FittedText fitted;
  fitted.layout = new_layout(context, on_air_text(text), style);
  fitted.font_px = style.max_px;
  set_font_px(fitted.layout.get(), style, style.max_px);
  pango_layout_set_width(fitted.layout.get(), static_cast<int>(max_w * PANGO_SCALE));
  pango_layout_set_ellipsize(fitted.layout.get(), PANGO_ELLIPSIZE_END);
  measure(fitted);
  if (style.alignment == PANGO_ALIGN_LEFT) {
    // A left-aligned line takes only its own width, so boxes can hug it.
    pango_layout_set_width(fitted.layout.get(), -1);
    if (fitted.ellipsized) pango_layout_set_width(fitted.layout.get(), static_cast<int>(max_w * PANGO_SCALE));
    measure(fitted);
  }
  return fitted;
}

void draw_fitted(cairo_t* cr, const FittedText& text, double x, double y) {
  cairo_save(cr);
  cairo_rectangle(cr, x, y, text.width, text.height);
  cairo_clip(cr);
  cairo_move_to(cr, x - text.left, y - text.top);
  pango_cairo_show_layout(cr, text.layout.get());
  cairo_restore(cr);
}

}  // namespace votercast::media::graphics
