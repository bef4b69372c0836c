#include "media/graphics/layer_renderers.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <qrencode.h>

#include "media/graphics/text_fit.hpp"

namespace votercast::media::graphics {
namespace {

using namespace design;

// A red (or other) tag: uppercase bold text on a solid box; returns its width.
double draw_tag(cairo_t* cr, PangoContext* pango, std::string_view text, double x, double y, double height,
                double font_px, const Colour& box, const Colour& ink, double max_width) {
  TextStyle style{.bold = true, .max_px = font_px, .min_px = font_px, .uppercase = true};
  const double pad = height * 0.42;
  FittedText label = fit_line(pango, text, style, max_width - 2 * pad);
  const double width = label.width + 2 * pad;
  fill_rect(cr, x, y, width, height, box);
  set_colour(cr, ink);
  draw_fitted(cr, label, x + pad, y + (height - label.height) / 2);
  return width;
}

// ---- question card -------------------------------------------------------------------
ArgbLayer render_question_card(LayerCanvas& canvas, const QuestionCard& card) {
  cairo_t* cr = canvas.cr();
  PangoContext* pango = canvas.pango();
  const Rect zone = kQuestionZone;
  constexpr double kAccent = 12, kPadX = 40, kPadTop = 24, kPadBottom = 30, kTagHeight = 46;
  const double inner_x = zone.x + kAccent + kPadX;
  const double inner_w = zone.width - kAccent - 2 * kPadX;

  // Header: who asks, and from where.
  FittedText asker = fit_line(pango, card.asker, {.bold = true, .max_px = 36}, inner_w * 0.5);
  const bool has_asker = !on_air_text(card.asker).empty(), has_area = !on_air_text(card.area).empty();
  const double area_x = has_asker ? asker.width + 36 : 0;
  FittedText area = fit_line(pango, card.area, {.max_px = 30}, inner_w - area_x);
  const bool has_header = has_asker || has_area;
  const double header_h = has_header ? std::max(asker.height, area.height) : 0;
  const double rule_gap = has_header ? 18 : 0;

  const double text_max_h = zone.height - kTagHeight - kPadTop - header_h - 2 * rule_gap - 3 - kPadBottom;
  FittedText question = fit_text(pango, card.text, {.max_px = 54, .min_px = 34}, inner_w, text_max_h);

  const double box_h = kPadTop + header_h + (has_header ? 2 * rule_gap + 3 : 0) + question.height + kPadBottom;
  const double box_y = zone.bottom() - box_h;

  fill_rect(cr, zone.x, box_y, zone.width, box_h, kNavy);
  fill_rect(cr, zone.x, box_y, kAccent, box_h, kRed);
  fill_rect(cr, zone.x, zone.bottom() - 6, zone.width, 6, kNavyDark);

  double y = box_y + kPadTop;
  if (has_header) {
    set_colour(cr, kGold);
    if (has_asker) draw_fitted(cr, asker, inner_x, y + (header_h - asker.height) / 2);
    if (has_asker && has_area) fill_rect(cr, inner_x + asker.width + 16, y + header_h / 2 - 2, 5, 5, kMist);
    set_colour(cr, kMist);
    if (has_area) draw_fitted(cr, area, inner_x + area_x, y + (header_h - area.height) / 2);
    y += header_h + rule_gap;
    fill_rect(cr, inner_x, y, inner_w, 2, kNavyLight);
    fill_rect(cr, inner_x, y, 120, 3, kGold);
    y += 3 + rule_gap;
  }
  set_colour(cr, kWhite);
  draw_fitted(cr, question, inner_x, y);

  // The tag sits on the card's top edge: the topic, or what the card is.
  const std::string topic = on_air_text(card.topic);
  const double tag_w = draw_tag(cr, pango, topic.empty() ? "Câu hỏi của cử tri" : topic, zone.x,
                                box_y - kTagHeight, kTagHeight, 26, kRed, kWhite, zone.width * 0.6);
  if (!topic.empty())
    draw_tag(cr, pango, "Câu hỏi của cử tri", zone.x + tag_w, box_y - kTagHeight, kTagHeight, 22, kNavyDark,
             kGold, zone.width * 0.35);

  ArgbLayer layer;
  layer.sprites.push_back(canvas.finish());
  return layer;
}

// ---- caller lower third --------------------------------------------------------------
ArgbLayer render_lower_third(LayerCanvas& canvas, const LowerThird& caller) {
  cairo_t* cr = canvas.cr();
  PangoContext* pango = canvas.pango();
  const Rect zone = kLowerThirdZone;
  constexpr double kAccent = 12, kPadX = 36, kPadY = 20, kTagHeight = 42, kMinWidth = 640;
  const double max_inner = zone.width - kAccent - 2 * kPadX;

  FittedText name = fit_line(pango, caller.name, {.bold = true, .max_px = 48}, max_inner);
  FittedText area = fit_line(pango, caller.area, {.max_px = 30}, max_inner);
  const bool has_area = !on_air_text(caller.area).empty();
  const double inner_h = name.height + (has_area ? 6 + area.height : 0);
  const double box_w = std::clamp(std::max(name.width, area.width) + kAccent + 2 * kPadX, kMinWidth, zone.width);
  const double box_h = inner_h + 2 * kPadY;
  const double box_y = zone.bottom() - box_h;

  fill_rect(cr, zone.x, box_y, box_w, box_h, kNavy);
  fill_rect(cr, zone.x, box_y, kAccent, box_h, kRed);
  fill_rect(cr, zone.x, zone.bottom() - 6, box_w, 6, kGold);
  const double inner_x = zone.x + kAccent + kPadX;
  set_colour(cr, kWhite);
  draw_fitted(cr, name, inner_x, box_y + kPadY);
  if (has_area) {
    set_colour(cr, kMist);
    draw_fitted(cr, area, inner_x, box_y + kPadY + name.height + 6);
  }

  const double tag_w = draw_tag(cr, pango, "Cử tri gọi điện", zone.x, box_y - kTagHeight, kTagHeight, 24, kRed,
                                kWhite, zone.width * 0.5);
  const std::string topic = on_air_text(caller.topic);
  if (!topic.empty())
    draw_tag(cr, pango, topic, zone.x + tag_w, box_y - kTagHeight, kTagHeight, 24, kGold, kNavyDark,
             zone.width - tag_w);

  ArgbLayer layer;
  layer.sprites.push_back(canvas.finish());
  return layer;
}

// ---- caller video ----------------------------------------------------------------------
// The picture itself is put on the programme by the caller compositor, under this layer;
// here its frame, its tag, and the card that covers it when the call is lost.
void draw_picture_frame(cairo_t* cr, const Rect& picture) {
  constexpr double kLine = 4;
  fill_rect(cr, picture.x - kLine, picture.y - kLine, picture.width + 2 * kLine, kLine, kGold);
  fill_rect(cr, picture.x - kLine, picture.bottom(), picture.width + 2 * kLine, kLine, kGold);
  fill_rect(cr, picture.x - kLine, picture.y, kLine, picture.height, kGold);
  fill_rect(cr, picture.right(), picture.y, kLine, picture.height, kGold);
}

void draw_picture_tag(cairo_t* cr, PangoContext* pango, const Rect& picture, std::string_view text) {
  if (on_air_text(text).empty()) return;
  constexpr double kTagHeight = 44, kInset = 14;
  draw_tag(cr, pango, text, picture.x + kInset, picture.bottom() - kTagHeight - kInset, kTagHeight, 24, kNavy,
           kWhite, picture.width - 2 * kInset);
}

void draw_lost_card(cairo_t* cr, PangoContext* pango, const Rect& picture) {
  fill_rect(cr, picture.x, picture.y, picture.width, picture.height, kNavyDark);
  fill_rect(cr, picture.x, picture.y, 10, picture.height, kRed);
  const double inner_w = picture.width - 80;
  FittedText title = fit_text(pango, "Mất kết nối với người gọi", {.bold = true, .max_px = 44, .min_px = 26,
                              .alignment = PANGO_ALIGN_CENTER}, inner_w, picture.height * 0.5);
  FittedText note = fit_line(pango, "Caller disconnected", {.max_px = 26}, inner_w);
  const double block = title.height + 14 + note.height;
  const double top = picture.y + (picture.height - block) / 2;
  set_colour(cr, kWhite);
  draw_fitted(cr, title, picture.x + 40, top);
  set_colour(cr, kMist);
  draw_fitted(cr, note, picture.x + (picture.width - note.width) / 2, top + title.height + 14);
}

ArgbLayer render_caller_video(LayerCanvas& canvas, const CallerVideo& call) {
  cairo_t* cr = canvas.cr();
  PangoContext* pango = canvas.pango();
  const bool side_by_side = call.layout == CallerVideo::Layout::side_by_side;
  const Rect picture = side_by_side ? kSideBySideCaller : kCallerPip;
  if (side_by_side) {
    // The navy ground around both pictures: the studio's is scaled into its hole.
    fill_rect(cr, 0, 0, kFrameWidth, kFrameHeight, kNavy);
    cairo_save(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
    for (const Rect& hole : {kSideBySideStudio, kSideBySideCaller}) {
      cairo_rectangle(cr, hole.x, hole.y, hole.width, hole.height);
      cairo_fill(cr);
    }
    cairo_restore(cr);
    draw_picture_frame(cr, kSideBySideStudio);
    draw_picture_tag(cr, pango, kSideBySideStudio, "Trường quay");
  }
  draw_picture_frame(cr, picture);
  if (call.lost) draw_lost_card(cr, pango, picture);
  draw_picture_tag(cr, pango, picture, call.name);
  ArgbLayer layer;
  layer.sprites.push_back(canvas.finish());
  return layer;
}

// ---- ticker --------------------------------------------------------------------------
constexpr int kTileWidth = 8192;  // well under Cairo's 32767-pixel limit

// The items in one line, each followed by a gold bullet, so the line repeats seamlessly.
LayoutPtr ticker_line(PangoContext* pango, const std::vector<std::string>& items, double font_px) {
  std::string text;
  PangoAttrList* attributes = pango_attr_list_new();
  for (const std::string& item : items) {
    const std::string clean = on_air_text(item);
    if (clean.empty()) continue;
    text += clean;
    text += "    ";
    PangoAttribute* gold = pango_attr_foreground_new(static_cast<guint16>(kGold.r * 65535),
                                                      static_cast<guint16>(kGold.g * 65535),
                                                      static_cast<guint16>(kGold.b * 65535));
    gold->start_index = static_cast<guint>(text.size());
    text += "•";
    gold->end_index = static_cast<guint>(text.size());
    pango_attr_list_insert(attributes, gold);
    text += "    ";
  }
  LayoutPtr layout(pango_layout_new(pango));
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  pango_layout_set_attributes(layout.get(), attributes);
  pango_attr_list_unref(attributes);
  FontDescriptionPtr font(pango_font_description_from_string("Noto Sans"));
  pango_font_description_set_absolute_size(font.get(), font_px * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  return layout;
}

ArgbLayer render_ticker(LayerCanvas& canvas, const FrameGeometry& geometry, const Ticker& ticker) {
  cairo_t* cr = canvas.cr();
  PangoContext* pango = canvas.pango();
  const Rect zone = kTickerZone;
  constexpr double kRule = 4;
  fill_rect(cr, zone.x, zone.y, zone.width, zone.height, kNavy);
  fill_rect(cr, zone.x, zone.y, zone.width, kRule, kGold);
  const double label_w = on_air_text(ticker.label).empty()
                             ? 0
                             : draw_tag(cr, pango, ticker.label, zone.x, zone.y + kRule, zone.height - kRule, 24,
                                        kRed, kWhite, zone.width * 0.4);
  ArgbLayer layer;
  layer.sprites.push_back(canvas.finish());

  // The crawl: the band below the rule, right of the label.
  const double s = geometry.scale;
  auto even = [](double v) { return static_cast<int>(std::lround(v / 2)) * 2; };
  PixelRect window;
  window.x = even((zone.x + label_w + 18) * s + geometry.offset_x);
  window.y = even((zone.y + kRule) * s + geometry.offset_y);
  window.width = std::min(even((zone.right() - 18) * s + geometry.offset_x), geometry.width & ~1) - window.x;
  window.height = std::min(even(zone.bottom() * s + geometry.offset_y), geometry.height & ~1) - window.y;
  if (window.empty()) return layer;

  LayoutPtr line = ticker_line(pango, ticker.items, 30);
  PangoRectangle logical;
  pango_layout_get_extents(line.get(), nullptr, &logical);
  const int period = static_cast<int>(std::ceil(logical.width * s / PANGO_SCALE));
  if (period <= 0) return layer;
  ArgbCrawl crawl;
  crawl.period = period;
  crawl.window = window;
  crawl.speed_px_per_s = ticker.speed * s;
  // Long enough that a window starting anywhere within the first period is whole.
  crawl.width = (period + window.width + 3) & ~1;
  const double text_y = (window.height - logical.height * s / PANGO_SCALE) / 2 - logical.y * s / PANGO_SCALE;
  for (int tile_x = 0; tile_x < crawl.width; tile_x += kTileWidth) {
    const int tile_w = std::min(kTileWidth, crawl.width - tile_x);
    SurfacePtr tile(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, tile_w, window.height));
    CairoPtr tcr(cairo_create(tile.get()));
    set_colour(tcr.get(), kWhite);
    for (int copy = tile_x / period; copy * period < tile_x + tile_w; ++copy) {
      cairo_save(tcr.get());
      cairo_translate(tcr.get(), static_cast<double>(copy) * period - tile_x, text_y);
      cairo_scale(tcr.get(), s, s);
      pango_cairo_update_layout(tcr.get(), line.get());
      pango_cairo_show_layout(tcr.get(), line.get());
      cairo_restore(tcr.get());
    }
    tcr.reset();
    cairo_surface_flush(tile.get());
    crawl.tiles.push_back(std::move(tile));
  }
  layer.crawl = std::move(crawl);
  return layer;
}

// ---- poll result ---------------------------------------------------------------------
std::string group_thousands(std::int64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += '.';  // Vietnamese groups with dots
    out += digits[i];
  }
  return out;
}

ArgbLayer render_poll(LayerCanvas& canvas, const Poll& poll) {
  cairo_t* cr = canvas.cr();
  PangoContext* pango = canvas.pango();
  const Rect zone = kPollZone;
  constexpr double kPad = 40, kTagHeight = 46, kFooterH = 24 + 34;
  const double inner_x = zone.x + kPad, inner_w = zone.width - 2 * kPad;
  const std::size_t n = std::min<std::size_t>(poll.options.size(), 6);

  FittedText title = fit_text(pango, poll.title, {.bold = true, .max_px = 40, .min_px = 30}, inner_w, 110);
  const double title_h = std::max(title.height, 40.0);
  const double box_y = zone.y + kTagHeight;
  // Rows share what the zone leaves, up to a comfortable 96 px each.
  const double fixed_h = kPad + title_h + 30 + kFooterH + kPad * 0.75;
  const double row_h = n ? std::min(96.0, (zone.bottom() - box_y - fixed_h) / static_cast<double>(n)) : 96.0;
  const double box_h = fixed_h + static_cast<double>(n) * row_h;
  fill_rect(cr, zone.x, box_y, zone.width, box_h, kNavy);
  fill_rect(cr, zone.x, box_y, zone.width, 6, kRed);

  const double tag_w = draw_tag(cr, pango, "Bình chọn", zone.x, zone.y, kTagHeight, 26, kRed, kWhite, 400);
  if (poll.final)
    draw_tag(cr, pango, "Kết quả cuối cùng", zone.x + tag_w, zone.y, kTagHeight, 24, kGold, kNavyDark, 600);
  else
    draw_tag(cr, pango, "Đang bình chọn", zone.x + tag_w, zone.y, kTagHeight, 24, kNavyDark, kWhite, 600);

  double y = box_y + kPad;
  set_colour(cr, kWhite);
  draw_fitted(cr, title, inner_x, y);
  y += title_h + 30;

  const std::vector<int> percent = poll_percentages(poll.options);
  std::int64_t total = 0, best = -1;
  for (std::size_t i = 0; i < n; ++i) {
    total += poll.options[i].votes;
    best = std::max(best, poll.options[i].votes);
  }
  constexpr double kCode = 56, kPercentW = 130;
  for (std::size_t i = 0; i < n; ++i) {
    const PollOption& option = poll.options[i];
    const bool winner = poll.final && total > 0 && option.votes == best;
    fill_rect(cr, inner_x, y, kCode, kCode, winner ? kGold : kRed);
    FittedText code = fit_line(pango, option.code, {.bold = true, .max_px = 30, .alignment = PANGO_ALIGN_CENTER}, kCode - 6);
    set_colour(cr, winner ? kNavyDark : kWhite);
    draw_fitted(cr, code, inner_x + (kCode - code.width) / 2, y + (kCode - code.height) / 2);

    const double text_x = inner_x + kCode + 20, text_w = inner_w - kCode - 20 - kPercentW;
    FittedText label = fit_line(pango, option.label, {.max_px = 28}, text_w);
    set_colour(cr, kWhite);
    draw_fitted(cr, label, text_x, y - 4);
    const double bar_y = y + 40, bar_h = 16;
    fill_rect(cr, text_x, bar_y, text_w, bar_h, kNavyDark);
    fill_rect(cr, text_x, bar_y, text_w * percent[i] / 100.0, bar_h, winner ? kGold : kMist);

    FittedText value = fit_line(pango, std::to_string(percent[i]) + "%", {.bold = true, .max_px = 40}, kPercentW);
    set_colour(cr, winner ? kGold : kWhite);
    draw_fitted(cr, value, inner_x + inner_w - value.width, y + (kCode - value.height) / 2);
    y += row_h;
  }
  y += 24;
  fill_rect(cr, inner_x, y - 12, inner_w, 2, kNavyLight);
  FittedText footer = fit_line(pango, "Tổng số: " + group_thousands(total) + " lượt bình chọn", {.max_px = 24}, inner_w);
  set_colour(cr, kMist);
  draw_fitted(cr, footer, inner_x, y);

  ArgbLayer layer;
  layer.sprites.push_back(canvas.finish());
  return layer;
}

// ---- QR code -------------------------------------------------------------------------
struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

ArgbLayer render_qr(LayerCanvas& canvas, const QrCode& qr) {
  ArgbLayer layer;
  std::unique_ptr<QRcode, QrFree> code(
      qr.url.empty() ? nullptr : QRcode_encodeString(qr.url.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) return layer;
  cairo_t* cr = canvas.cr();
  PangoContext* pango = canvas.pango();
  const Rect zone = kQrZone;
  constexpr double kPad = 22, kGoldBar = 8;
  const double inner_w = zone.width - 2 * kPad;
  // One line if it can, at a size still readable on a phone-sized screen, else two.
  FittedText caption = fit_text(pango, qr.caption, {.bold = true, .max_px = 22, .min_px = 18,
                                                   .alignment = PANGO_ALIGN_CENTER}, inner_w, 34);
  if (caption.ellipsized)
    caption = fit_text(pango, qr.caption, {.bold = true, .max_px = 22, .min_px = 18,
                                          .alignment = PANGO_ALIGN_CENTER}, inner_w, 64);
  const bool has_caption = !on_air_text(qr.caption).empty();
  const double box_h = kGoldBar + kPad + inner_w + (has_caption ? 14 + caption.height : 0) + kPad;
  fill_rect(cr, zone.x, zone.y, zone.width, box_h, kWhite);
  fill_rect(cr, zone.x, zone.y, zone.width, kGoldBar, kGold);
  if (has_caption) {
    set_colour(cr, kNavy);
    draw_fitted(cr, caption, zone.x + (zone.width - caption.width) / 2, zone.y + kGoldBar + kPad + inner_w + 14);
  }

  // Modules are whole device pixels, drawn without antialiasing, so the code stays crisp
  // (and scannable) at any programme size.
  double qx = zone.x + kPad, qy = zone.y + kGoldBar + kPad, qsize = inner_w;
  cairo_user_to_device(cr, &qx, &qy);
  double qw = qsize, qh = qsize;
  cairo_user_to_device_distance(cr, &qw, &qh);
  const int modules = code->width;
  const int module_px = std::max(1, static_cast<int>(qw) / modules);
  const double origin_x = std::round(qx + (qw - module_px * modules) / 2);
  const double origin_y = std::round(qy + (qh - module_px * modules) / 2);
  cairo_save(cr);
  cairo_identity_matrix(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  set_colour(cr, kNavyDark);
  for (int row = 0; row < modules; ++row)
    for (int col = 0; col < modules; ++col)
      if (code->data[row * modules + col] & 1)
        cairo_rectangle(cr, origin_x + col * module_px, origin_y + row * module_px, module_px, module_px);
  cairo_fill(cr);
  cairo_restore(cr);

  layer.sprites.push_back(canvas.finish());
  return layer;
}

// ---- bug: live tag, logo, clock ------------------------------------------------------
SurfacePtr load_png(const std::string& path) {
  if (path.empty()) return nullptr;
  SurfacePtr png(cairo_image_surface_create_from_png(path.c_str()));
  if (cairo_surface_status(png.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  return png;
}

ArgbLayer render_bug(LayerCanvas& canvas, const Bug& bug, const RenderInputs& inputs) {
  cairo_t* cr = canvas.cr();
  PangoContext* pango = canvas.pango();
  const Rect zone = kBugZone;
  double right = zone.right();
  if (bug.clock && !inputs.clock_text.empty()) {
    FittedText clock = fit_line(pango, inputs.clock_text, {.bold = true, .max_px = 34}, 200);
    const double w = clock.width + 36;
    fill_rect(cr, right - w, zone.y, w, zone.height, kWhite);
    set_colour(cr, kNavyDark);
    draw_fitted(cr, clock, right - w + 18, zone.y + (zone.height - clock.height) / 2);
    right -= w;
  }
  if (SurfacePtr logo = load_png(bug.logo_png)) {
    const double scale = zone.height / cairo_image_surface_get_height(logo.get());
    const double w = std::min(cairo_image_surface_get_width(logo.get()) * scale, 420.0);
    cairo_save(cr);
    cairo_rectangle(cr, right - w, zone.y, w, zone.height);
    cairo_clip(cr);
    cairo_translate(cr, right - w, zone.y);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, logo.get(), 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    right -= w;
  } else if (!on_air_text(bug.logo_text).empty()) {
    FittedText logo = fit_line(pango, bug.logo_text, {.bold = true, .max_px = 26, .uppercase = true}, 460);
    const double w = logo.width + 40;
    fill_rect(cr, right - w, zone.y, w, zone.height, kNavy);
    fill_rect(cr, right - w, zone.bottom() - 5, w, 5, kGold);
    set_colour(cr, kWhite);
    draw_fitted(cr, logo, right - w + 20, zone.y + (zone.height - 5 - logo.height) / 2);
    right -= w;
  }
  if (bug.live) {
    FittedText live = fit_line(pango, "Trực tiếp", {.bold = true, .max_px = 24, .uppercase = true}, 240);
    const double w = live.width + 36 + 22;
    fill_rect(cr, right - w, zone.y, w, zone.height, kRed);
    cairo_arc(cr, right - w + 26, zone.y + zone.height / 2, 7, 0, 2 * M_PI);
    set_colour(cr, kWhite);
    cairo_fill(cr);
    draw_fitted(cr, live, right - w + 44, zone.y + (zone.height - live.height) / 2);
  }
  ArgbLayer layer;
  layer.sprites.push_back(canvas.finish());
  return layer;
}

design::Rect zone_of(LayerId id, const Scene& scene) {
  switch (id) {
    case LayerId::caller_video: {
      if (scene.caller_video.content.layout == CallerVideo::Layout::side_by_side)
        return {0, 0, kFrameWidth, kFrameHeight};
      constexpr double kFrameLine = 4;
      return {kCallerPip.x - kFrameLine, kCallerPip.y - kFrameLine, kCallerPip.width + 2 * kFrameLine,
              kCallerPip.height + 2 * kFrameLine};
    }
    case LayerId::question_card: return kQuestionZone;
    case LayerId::lower_third: return kLowerThirdZone;
    case LayerId::ticker: return kTickerZone;
    case LayerId::poll: return kPollZone;
    case LayerId::qr: return kQrZone;
    case LayerId::bug: break;
  }
  return kBugZone;
}

}  // namespace

std::vector<int> poll_percentages(const std::vector<PollOption>& options) {
  std::vector<int> percent(options.size(), 0);
  const std::int64_t total =
      std::accumulate(options.begin(), options.end(), std::int64_t{0},
                      [](std::int64_t sum, const PollOption& o) { return sum + o.votes; });
  if (total <= 0) return percent;
  std::vector<std::pair<std::int64_t, std::size_t>> remainders;
  int given = 0;
  for (std::size_t i = 0; i < options.size(); ++i) {
    percent[i] = static_cast<int>(options[i].votes * 100 / total);
    given += percent[i];
    remainders.push_back({options[i].votes * 100 % total, i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < 100 && k < remainders.size(); ++k, ++given) ++percent[remainders[k].second];
  return percent;
}

ArgbLayer render_layer(TextContext& text, const FrameGeometry& geometry, LayerId id, const Scene& scene,
                       const RenderInputs& inputs) {
  LayerCanvas canvas(geometry, zone_of(id, scene), text);
  switch (id) {
    case LayerId::caller_video: return render_caller_video(canvas, scene.caller_video.content);
    case LayerId::question_card: return render_question_card(canvas, scene.question_card.content);
    case LayerId::lower_third: return render_lower_third(canvas, scene.lower_third.content);
    case LayerId::ticker: return render_ticker(canvas, geometry, scene.ticker.content);
    case LayerId::poll: return render_poll(canvas, scene.poll.content);
    case LayerId::qr: return render_qr(canvas, scene.qr.content);
    case LayerId::bug: break;
  }
  return render_bug(canvas, scene.bug.content, inputs);
}

}  // namespace votercast::media::graphics
