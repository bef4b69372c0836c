// Stills (`votercast render`, the control room's PREVIEW): the programme's renderers, to a PNG.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "i420_frame.hpp"
#include "media/graphics/cairo_handles.hpp"
#include "media/graphics/graphics_engine.hpp"
#include "media/graphics/scene_json.hpp"
#include "media/graphics/still_renderer.hpp"
#include "scene_samples.hpp"
#include "screenshots.hpp"

namespace votercast::media::graphics {
namespace {

using namespace std::chrono_literals;
using test_support::I420Frame;

SurfacePtr decode_png(const std::string& png) {
  struct Reader {
    std::string_view rest;
    static cairo_status_t read(void* self, unsigned char* data, unsigned int length) {
      auto* r = static_cast<Reader*>(self);
      if (r->rest.size() < length) return CAIRO_STATUS_READ_ERROR;
      std::memcpy(data, r->rest.data(), length);
      r->rest.remove_prefix(length);
      return CAIRO_STATUS_SUCCESS;
    }
  } reader{png};
  return SurfacePtr(cairo_image_surface_create_from_png_stream(&Reader::read, &reader));
}

std::uint32_t pixel(cairo_surface_t* s, int x, int y) {
  return reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(s) +
                                                y * cairo_image_surface_get_stride(s))[x];
}

std::string solid_png(int width, int height, double r, double g, double b) {
  SurfacePtr s(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  CairoPtr cr(cairo_create(s.get()));
  cairo_set_source_rgb(cr.get(), r, g, b);
  cairo_paint(cr.get());
  cr.reset();
  std::string png;
  cairo_surface_write_to_png_stream(
      s.get(),
      [](void* out, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &png);
  return png;
}

TEST(StillRenderer, DrawsTheVisibleLayersOverABackground) {
  const Scene scene = test_support::full_scene();
  StillOptions options;
  const std::string background = solid_png(640, 360, 0.2, 0.6, 0.2);  // scaled up to cover
  options.background_png = background;
  const std::string png = render_scene_png(scene, options);
  SurfacePtr still = decode_png(png);
  ASSERT_EQ(cairo_surface_status(still.get()), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(still.get()), 1920);
  EXPECT_EQ(cairo_image_surface_get_height(still.get()), 1080);
  EXPECT_EQ(pixel(still.get(), 400, 300) & 0xFFFFFF, 0x339933u) << "the background, where no graphic is";
  EXPECT_EQ(pixel(still.get(), 130, 930) & 0xFFFFFF, 0x0B2254u) << "the card's navy box";
  if (const std::string path = test_support::screenshot_path("still_over_background.png"); !path.empty())
    std::ofstream(path, std::ios::binary) << png;

  // Without a background the still is transparent around the graphics (for overlays).
  SurfacePtr bare = decode_png(render_scene_png(scene));
  EXPECT_EQ(pixel(bare.get(), 400, 300) >> 24, 0u);
}

TEST(StillRenderer, RefusesABackgroundThatIsNotAPng) {
  StillOptions options;
  const std::string junk = "GIF89a not a png";
  options.background_png = junk;
  try {
    render_scene_png(test_support::full_scene(), options);
    FAIL();
  } catch (const SceneError& e) {
    EXPECT_EQ(e.code, "invalid_background");
  }
  options.background_png.reset();
  options.width = 4;
  EXPECT_THROW(render_scene_png(Scene{}, options), std::invalid_argument);
}

// The PREVIEW shows what goes on air: the still and a programme frame agree on luma.
TEST(StillRenderer, MatchesTheProgrammeFrame) {
  const Scene scene = test_support::full_scene();
  GraphicsEngine engine(1280, 720);
  ASSERT_TRUE(engine.wait_published(engine.set_scene(scene), 5s));
  I420Frame frame(1280, 720, 16);  // black
  auto view = frame.view();
  engine.blend(view, 0);
  SurfacePtr still = decode_png(engine.render_png(scene, solid_png(16, 9, 0, 0, 0)));
  ASSERT_EQ(cairo_image_surface_get_width(still.get()), 1280);
  double sum = 0;
  int compared = 0;
  // The card's area (not the ticker, which crawls on air and starts filled in the still).
  for (int y = 420; y < 620; ++y)
    for (int x = 64; x < 1216; ++x, ++compared) {
      const std::uint32_t p = pixel(still.get(), x, y);
      const double luma = 16 + (47 * ((p >> 16) & 0xFF) + 157 * ((p >> 8) & 0xFF) + 16 * (p & 0xFF)) / 256.0;
      sum += std::abs(luma - frame.luma(x, y));
    }
  EXPECT_LT(sum / compared, 1.5);
}

}  // namespace
}  // namespace votercast::media::graphics
