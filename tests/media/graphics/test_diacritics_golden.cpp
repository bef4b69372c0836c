// Vietnamese diacritics reach the screen, stacked marks included (ệ, ỗ, ữ): a rendering
// compared with a committed golden image, which the same text without marks must not match.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "media/graphics/layer_canvas.hpp"
#include "media/graphics/text_fit.hpp"
#include "screenshots.hpp"

namespace votercast::media::graphics {
namespace {

const std::string kGolden = std::string(VOTERCAST_TEST_DATA) + "/diacritics_golden.png";
const char* const kText = "Người dân hỏi: đường ĐT743 bao giờ sửa? Ệ ệ Ỗ ỗ Ữ ữ Ặ ặ ờ ở";
const char* const kStripped = "Nguoi dan hoi: duong DT743 bao gio sua? E e O o U u A a o o";
constexpr int kWidth = 1500, kHeight = 90;

// The text in white at 44 px, as coverage: one grey byte a pixel (A8).
SurfacePtr render(const char* text) {
  static TextContext context;
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_A8, kWidth, kHeight));
  CairoPtr cr(cairo_create(surface.get()));
  pango_cairo_update_context(cr.get(), context.pango());
  const FittedText fitted = fit_line(context.pango(), text, {.max_px = 44}, kWidth - 20);
  EXPECT_FALSE(fitted.ellipsized);
  // At a fixed logical top (not centred on its ink), so both texts share a baseline.
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_move_to(cr.get(), 10, 18);
  pango_cairo_show_layout(cr.get(), fitted.layout.get());
  cr.reset();
  cairo_surface_flush(surface.get());
  return surface;
}

double mean_difference(cairo_surface_t* a, cairo_surface_t* b) {
  const int stride_a = cairo_image_surface_get_stride(a), stride_b = cairo_image_surface_get_stride(b);
  const unsigned char* pa = cairo_image_surface_get_data(a);
  const unsigned char* pb = cairo_image_surface_get_data(b);
  double sum = 0;
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x) sum += std::abs(pa[y * stride_a + x] - pb[y * stride_b + x]);
  return sum / (kWidth * kHeight);
}

// Coverage in rows [first, last).
double ink_in_rows(cairo_surface_t* s, int first, int last) {
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* p = cairo_image_surface_get_data(s);
  double sum = 0;
  for (int y = first; y < last; ++y)
    for (int x = 0; x < kWidth; ++x) sum += p[y * stride + x];
  return sum;
}

TEST(Diacritics, RenderLikeTheGoldenAndUnlikeTheTextWithoutMarks) {
  SurfacePtr rendered = render(kText);
  if (std::getenv("VOTERCAST_UPDATE_GOLDEN") || !std::filesystem::exists(kGolden)) {
    ASSERT_EQ(cairo_surface_write_to_png(rendered.get(), kGolden.c_str()), CAIRO_STATUS_SUCCESS);
    if (!std::getenv("VOTERCAST_UPDATE_GOLDEN")) FAIL() << "no golden image: wrote " << kGolden << "; look at it, then rerun";
  }
  SurfacePtr golden(cairo_image_surface_create_from_png(kGolden.c_str()));
  ASSERT_EQ(cairo_surface_status(golden.get()), CAIRO_STATUS_SUCCESS);
  ASSERT_EQ(cairo_image_surface_get_width(golden.get()), kWidth);
  ASSERT_EQ(cairo_image_surface_get_height(golden.get()), kHeight);
  // Cairo reads a grey PNG back as RGB24: compare its green channel with our coverage.
  SurfacePtr golden_a8(cairo_image_surface_create(CAIRO_FORMAT_A8, kWidth, kHeight));
  {
    const int in_stride = cairo_image_surface_get_stride(golden.get());
    const int out_stride = cairo_image_surface_get_stride(golden_a8.get());
    const unsigned char* in = cairo_image_surface_get_data(golden.get());
    unsigned char* out = cairo_image_surface_get_data(golden_a8.get());
    const bool is_a8 = cairo_image_surface_get_format(golden.get()) == CAIRO_FORMAT_A8;
    for (int y = 0; y < kHeight; ++y)
      for (int x = 0; x < kWidth; ++x)
        out[y * out_stride + x] = is_a8 ? in[y * in_stride + x]
                                        : (reinterpret_cast<const std::uint32_t*>(in + y * in_stride)[x] >> 8) & 0xFF;
    cairo_surface_mark_dirty(golden_a8.get());
  }
  const double to_golden = mean_difference(rendered.get(), golden_a8.get());
  SurfacePtr stripped = render(kStripped);
  const double stripped_to_golden = mean_difference(stripped.get(), golden_a8.get());
  EXPECT_LT(to_golden, 1.0) << "the rendering drifted from the golden image";
  EXPECT_GT(stripped_to_golden, 10 * std::max(to_golden, 1.0)) << "without its marks the text should look different";
  // The stacked marks over capitals (Ệ, Ỗ, Ữ) rise above the unmarked text's top.
  int top = 0;
  while (top < kHeight && ink_in_rows(stripped.get(), top, top + 1) == 0) ++top;
  ASSERT_GT(top, 4);
  EXPECT_GT(ink_in_rows(rendered.get(), 0, top), 50 * 255.0) << "no marks above the capitals";
  if (const std::string path = test_support::screenshot_path("diacritics.png"); !path.empty())
    cairo_surface_write_to_png(rendered.get(), path.c_str());
}

}  // namespace
}  // namespace votercast::media::graphics
