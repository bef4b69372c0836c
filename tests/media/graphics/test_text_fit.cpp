// Voter text on air: shown as text (never as markup), fitted into its box whatever its length.
#include <gtest/gtest.h>

#include "media/graphics/layer_canvas.hpp"
#include "media/graphics/layer_renderers.hpp"
#include "media/graphics/text_fit.hpp"
#include "scene_samples.hpp"

namespace votercast::media::graphics {
namespace {

// The question card's text box, as in the card at 1080 lines.
constexpr double kBoxW = 1640, kBoxH = 230;
const TextStyle kQuestion{.max_px = 54, .min_px = 34};

// Every text in the shared data, the adversarial ones expanded as they describe.
std::vector<std::string> all_texts() {
  std::vector<std::string> texts;
  for (const auto& row : test_support::shared_rows("questions.vi.jsonl")) texts.push_back(row.value("text", ""));
  for (const auto& row : test_support::shared_rows("adversarial.jsonl")) {
    if (row.contains("text")) texts.push_back(row["text"].get<std::string>());
    if (row.contains("text_repeat")) {
      std::string repeated;
      for (int i = 0; i < row.value("repeat", 1); ++i) repeated += row["text_repeat"].get<std::string>();
      texts.push_back(repeated);
    }
    if (row.contains("text_nfd_of")) {
      GCharPtr nfd(g_utf8_normalize(row["text_nfd_of"].get<std::string>().c_str(), -1, G_NORMALIZE_NFD));
      texts.push_back(nfd.get());
    }
  }
  return texts;
}

// Ink outside a box drawn with draw_fitted, on a surface with a margin all round.
int pixels_outside_box(const FittedText& fitted, double box_w, double box_h) {
  constexpr int kMargin = 120;
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(box_w) + 2 * kMargin,
                                                static_cast<int>(box_h) + 2 * kMargin));
  CairoPtr cr(cairo_create(surface.get()));
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  draw_fitted(cr.get(), fitted, kMargin, kMargin);
  cr.reset();
  cairo_surface_flush(surface.get());
  const int width = cairo_image_surface_get_width(surface.get()), height = cairo_image_surface_get_height(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  int outside = 0;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const bool inside = x >= kMargin && x < kMargin + box_w && y >= kMargin && y < kMargin + box_h;
      if (!inside && (reinterpret_cast<const std::uint32_t*>(data + y * stride)[x] >> 24)) ++outside;
    }
  return outside;
}

TEST(TextFit, MarkupInVoterTextIsShownAsText) {
  TextContext text;
  const std::string markup = "<span size=\"400000\" foreground=\"red\">TO ĐÙNG</span> câu hỏi";
  const FittedText fitted = fit_text(text.pango(), markup, kQuestion, kBoxW, kBoxH);
  EXPECT_STREQ(pango_layout_get_text(fitted.layout.get()), markup.c_str()) << "the tags were parsed away";
  EXPECT_EQ(pango_layout_get_attributes(fitted.layout.get()), nullptr);
  // The same characters escaped into markup (so certainly shown literally) lay out the same.
  GCharPtr escaped(g_markup_escape_text(markup.c_str(), -1));
  LayoutPtr literal(pango_layout_new(text.pango()));
  pango_layout_set_markup(literal.get(), escaped.get(), -1);
  pango_layout_set_font_description(literal.get(), pango_layout_get_font_description(fitted.layout.get()));
  pango_layout_set_width(literal.get(), pango_layout_get_width(fitted.layout.get()));
  pango_layout_set_wrap(literal.get(), PANGO_WRAP_WORD_CHAR);
  PangoRectangle fitted_logical, literal_logical;
  pango_layout_get_pixel_extents(fitted.layout.get(), nullptr, &fitted_logical);
  pango_layout_get_pixel_extents(literal.get(), nullptr, &literal_logical);
  EXPECT_EQ(fitted.font_px, 54) << "short text at full size";
  EXPECT_EQ(fitted.lines, pango_layout_get_line_count(literal.get()));
  EXPECT_EQ(fitted_logical.width, literal_logical.width);
  EXPECT_EQ(fitted_logical.height, literal_logical.height);
  EXPECT_LT(fitted.height, 2 * 54 * 1.5) << "a 400000 span would be hundreds of pixels tall";
  // And had it been parsed, it would not fit at all: the test can tell the difference.
  LayoutPtr parsed(pango_layout_new(text.pango()));
  pango_layout_set_markup(parsed.get(), markup.c_str(), -1);
  PangoRectangle logical;
  pango_layout_get_pixel_extents(parsed.get(), nullptr, &logical);
  EXPECT_GT(logical.height, 300);
}

TEST(TextFit, NeverOverflowsForTheLongestAndAdversarialTexts) {
  TextContext text;
  const auto texts = all_texts();
  ASSERT_GT(texts.size(), 25u);
  std::size_t longest = 0;
  for (const std::string& t : texts) {
    const FittedText fitted = fit_text(text.pango(), t, kQuestion, kBoxW, kBoxH);
    EXPECT_LE(fitted.width, kBoxW) << t.substr(0, 60);
    EXPECT_LE(fitted.height, kBoxH) << t.substr(0, 60);
    EXPECT_GE(fitted.font_px, kQuestion.min_px);
    EXPECT_EQ(pixels_outside_box(fitted, kBoxW, kBoxH), 0) << t.substr(0, 60);
    longest = std::max(longest, t.size());
  }
  EXPECT_GT(longest, 10000u) << "the 400-times repeated text should be among them";
}

TEST(TextFit, ShrinksBeforeItEllipsizesAndEllipsizesTheVeryLong) {
  TextContext text;
  const FittedText short_text = fit_text(text.pango(), "Khi nào sửa đường?", kQuestion, kBoxW, kBoxH);
  EXPECT_EQ(short_text.font_px, 54);
  EXPECT_FALSE(short_text.ellipsized);

  std::string medium;
  for (int i = 0; i < 5; ++i) medium += "Đề nghị xem xét giải quyết dứt điểm việc sửa chữa đường ĐT743. ";
  const FittedText shrunk = fit_text(text.pango(), medium, kQuestion, kBoxW, kBoxH);
  EXPECT_LT(shrunk.font_px, 54);
  EXPECT_GE(shrunk.font_px, 34);
  EXPECT_FALSE(shrunk.ellipsized);

  std::string very_long;
  for (int i = 0; i < 400; ++i) very_long += "Đề nghị xem xét giải quyết dứt điểm. ";
  const FittedText cut = fit_text(text.pango(), very_long, kQuestion, kBoxW, kBoxH);
  EXPECT_EQ(cut.font_px, 34);
  EXPECT_TRUE(cut.ellipsized);
  EXPECT_GE(cut.lines, 4);
  // The last line ends with the ellipsis: its last glyph is the one for U+2026.
  PangoLayoutLine* last = pango_layout_get_line_readonly(cut.layout.get(), cut.lines - 1);
  ASSERT_NE(last, nullptr);
  PangoGlyphItem* run = static_cast<PangoGlyphItem*>(g_slist_last(last->runs)->data);
  ASSERT_NE(run, nullptr);
  hb_codepoint_t ellipsis = 0;
  ASSERT_TRUE(hb_font_get_nominal_glyph(pango_font_get_hb_font(run->item->analysis.font), 0x2026, &ellipsis));
  const PangoGlyphString* glyphs = run->glyphs;
  EXPECT_EQ(glyphs->glyphs[glyphs->num_glyphs - 1].glyph, ellipsis);
}

TEST(TextFit, OnAirTextDropsControlsAndOverridesAndIsNfc) {
  using namespace std::string_literals;
  EXPECT_EQ(on_air_text("Câu\0hỏi\acó\x1b" "ký tự"s), "Câu hỏi có ký tự");
  EXPECT_EQ(on_air_text("Câu hỏi \u202Egnal evil\u202C thử"), "Câu hỏi gnal evil thử");
  EXPECT_EQ(on_air_text("  dòng một\n\ndòng   hai \t"), "dòng một dòng hai");
  GCharPtr nfd(g_utf8_normalize("Khi nào đường ĐT743 được sửa chữa?", -1, G_NORMALIZE_NFD));
  EXPECT_NE(std::string(nfd.get()), "Khi nào đường ĐT743 được sửa chữa?");
  EXPECT_EQ(on_air_text(nfd.get()), "Khi nào đường ĐT743 được sửa chữa?");
  EXPECT_EQ(on_air_text("ab\xC3\x28" "cd"), "ab(cd") << "invalid bytes are dropped";
  EXPECT_EQ(on_air_text("   \t\n  "), "");
}

TEST(TextFit, EveryQuestionCardStaysInsideItsZoneAndTheTitleSafeArea) {
  TextContext text;
  const FrameGeometry geometry = FrameGeometry::for_frame(1920, 1080);
  // The card grows with its text up to its zone, which Cairo would otherwise clip silently:
  // the tag on top must always be whole (its top row is the tag's red, not cut through text).
  for (const std::string& t : all_texts()) {
    Scene scene;
    scene.question_card.content = {t.substr(0, 300), t.substr(0, 200), t.substr(0, 100), t};
    const ArgbLayer layer = render_layer(text, geometry, LayerId::question_card, scene, {});
    ASSERT_EQ(layer.sprites.size(), 1u);
    const ArgbSprite& s = layer.sprites[0];
    if (s.crop.empty()) continue;
    EXPECT_GE(s.x, design::kQuestionZone.x);
    EXPECT_GE(s.y, design::kQuestionZone.y);
    EXPECT_LE(s.x + s.crop.width, design::kQuestionZone.right());
    EXPECT_LE(s.y + s.crop.height, design::kQuestionZone.bottom());
    EXPECT_GE(s.x, design::kTitleSafe.x);
    EXPECT_LE(s.y + s.crop.height, design::kTitleSafe.bottom());
  }
}

// A zone is the most a layer may cover; a layout that runs past it would be cut off on air.
TEST(TextFit, NoLayerRunsPastItsZoneWithTheLongestTexts) {
  TextContext text;
  for (auto [width, height] : {std::pair{1920, 1080}, {1280, 720}}) {
    const FrameGeometry geometry = FrameGeometry::for_frame(width, height);
    for (const Scene& scene : {test_support::worst_scene(), test_support::full_scene()})
      for (LayerId id : kLayersInDrawingOrder)
        for (const ArgbSprite& sprite : render_layer(text, geometry, id, scene, {"20:45"}).sprites) {
          EXPECT_FALSE(sprite.overflowed) << layer_name(id) << " at " << height;
          EXPECT_FALSE(sprite.crop.empty()) << layer_name(id) << " at " << height;
        }
  }
}

}  // namespace
}  // namespace votercast::media::graphics
