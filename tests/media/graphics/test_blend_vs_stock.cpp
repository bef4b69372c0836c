// Our blend against GStreamer's stock GstVideoOverlayComposition on the same rectangles:
// within 2 levels on every plane.
#include <gtest/gtest.h>

#include <random>

#include "i420_frame.hpp"
#include "media/graphics/blend.hpp"
#include "media/graphics/layer_renderers.hpp"
#include "media/graphics/layer_transition.hpp"
#include "media/graphics/rendered_layer.hpp"
#include "scene_samples.hpp"
#include "stock_overlay.hpp"

namespace votercast::media::graphics {
namespace {

using test_support::ArgbRectangle;
using test_support::I420Frame;
using test_support::StockComposition;

ArgbView view_of(const ArgbRectangle& r) {
  return {reinterpret_cast<const std::uint8_t*>(r.pixels.data()), r.width * 4, r.width, r.height};
}

ArgbRectangle rectangle_of(const ArgbSprite& sprite) {
  ArgbRectangle r{sprite.x, sprite.y, sprite.crop.width, sprite.crop.height, {}};
  const int stride = cairo_image_surface_get_stride(sprite.surface.get());
  const unsigned char* data = cairo_image_surface_get_data(sprite.surface.get());
  for (int row = 0; row < r.height; ++row) {
    const auto* line = reinterpret_cast<const std::uint32_t*>(data + (sprite.crop.y + row) * stride) + sprite.crop.x;
    r.pixels.insert(r.pixels.end(), line, line + r.width);
  }
  return r;
}

struct PlaneDifference {
  int worst[3] = {0, 0, 0};
  int chroma_compared = 0;
};

// Luma everywhere; chroma where the rectangle's 2x2 block below the sample is uniform (there
// the stock blend, which takes the block's top-left pixel, and ours, which averages the block,
// mean the same thing; at a glyph's edge they differ by design).
PlaneDifference compare(const I420Frame& ours, const I420Frame& stock, const std::vector<ArgbRectangle>& rects) {
  PlaneDifference d;
  for (std::size_t i = 0; i < ours.y.size(); ++i) d.worst[0] = std::max(d.worst[0], std::abs(ours.y[i] - stock.y[i]));
  for (const ArgbRectangle& r : rects)
    for (int row = 0; row + 1 < r.height; row += 2)
      for (int x = 0; x + 1 < r.width; x += 2) {
        const std::uint32_t p = r.pixels[row * r.width + x];
        if (r.pixels[row * r.width + x + 1] != p || r.pixels[(row + 1) * r.width + x] != p ||
            r.pixels[(row + 1) * r.width + x + 1] != p)
          continue;
        const std::size_t c = static_cast<std::size_t>((r.y + row) / 2) * ours.chroma_width() + (r.x + x) / 2;
        d.worst[1] = std::max(d.worst[1], std::abs(ours.u[c] - stock.u[c]));
        d.worst[2] = std::max(d.worst[2], std::abs(ours.v[c] - stock.v[c]));
        ++d.chroma_compared;
      }
  return d;
}

void blend_both(const std::vector<ArgbRectangle>& rects, I420Frame& ours, I420Frame& stock) {
  auto view = ours.view();
  for (const ArgbRectangle& r : rects)
    blend_graphic(view, to_i420({view_of(r)}, r.x, r.y, false), blend_alpha(r.global_alpha));
  StockComposition(rects).blend(stock);
}

// Premultiplied colours of every kind, constant over 2x2 blocks: transparent, opaque and
// everything between.
ArgbRectangle random_blocks(int x, int y, int width, int height, std::uint32_t seed) {
  std::mt19937 random(seed);
  ArgbRectangle r{x, y, width, height, std::vector<std::uint32_t>(static_cast<std::size_t>(width) * height)};
  for (int row = 0; row < height; row += 2)
    for (int col = 0; col < width; col += 2) {
      const int pick = random() % 4;
      const std::uint32_t a = pick == 0 ? 0 : pick == 1 ? 255 : random() % 256;
      auto channel = [&] { return a ? random() % (a + 1) : 0; };
      const std::uint32_t p = a << 24 | channel() << 16 | channel() << 8 | channel();
      for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) r.pixels[(row + dy) * width + col + dx] = p;
    }
  return r;
}

TEST(BlendVsStock, EveryColourAndAlphaWithinTwoLevelsOnEveryPlane) {
  for (float global_alpha : {1.0f, 0.5f, 0.25f}) {
    // Side by side: where graphics overlap, two blends' roundings add up (to 3 levels).
    std::vector<ArgbRectangle> rects = {random_blocks(100, 60, 640, 360, 1), random_blocks(760, 300, 320, 200, 2)};
    for (ArgbRectangle& r : rects) r.global_alpha = global_alpha;
    I420Frame ours = I420Frame::studio(1280, 720), stock = ours;
    blend_both(rects, ours, stock);
    const PlaneDifference d = compare(ours, stock, rects);
    EXPECT_LE(d.worst[0], 2) << "Y, global alpha " << global_alpha;
    EXPECT_LE(d.worst[1], 2) << "U, global alpha " << global_alpha;
    EXPECT_LE(d.worst[2], 2) << "V, global alpha " << global_alpha;
    EXPECT_GT(d.chroma_compared, 50000);
    EXPECT_NE(ours.y, I420Frame::studio(1280, 720).y) << "nothing was blended";
  }
}

TEST(BlendVsStock, RenderedGraphicsWithinTwoLevels) {
  TextContext text;
  const Scene scene = test_support::full_scene();
  const FrameGeometry geometry = FrameGeometry::for_frame(1920, 1080);
  std::vector<ArgbRectangle> rects;
  for (LayerId id : {LayerId::question_card, LayerId::ticker, LayerId::qr, LayerId::bug})
    for (const ArgbSprite& sprite : render_layer(text, geometry, id, scene, {"20:45"}).sprites)
      rects.push_back(rectangle_of(sprite));
  ASSERT_EQ(rects.size(), 4u);
  I420Frame ours = I420Frame::studio(1920, 1080), stock = ours;
  blend_both(rects, ours, stock);
  const PlaneDifference d = compare(ours, stock, rects);
  EXPECT_LE(d.worst[0], 2);
  EXPECT_LE(d.worst[1], 2);
  EXPECT_LE(d.worst[2], 2);
  EXPECT_GT(d.chroma_compared, 100000);
  ours.write_png(test_support::screenshot_path("ours_vs_stock_ours.png"));
  stock.write_png(test_support::screenshot_path("ours_vs_stock_stock.png"));
}

TEST(BlendVsStock, ClipsAtTheFrameEdges) {
  ArgbRectangle r = random_blocks(0, 0, 200, 100, 3);
  const I420Graphic graphic = to_i420({view_of(r)}, 0, 0, false);
  I420Frame frame(320, 180);
  auto view = frame.view();
  for (auto [x, y] : {std::pair{-50, -20}, {250, 150}, {-400, 0}, {400, 400}, {200, -99}})
    blend_graphic(view, graphic, x, y, 0, graphic.width, kOpaque);
  // Only the overlapping parts were written; a corner outside every placement is untouched.
  EXPECT_EQ(frame.luma(180, 60), 16);
  EXPECT_NE(frame.y, I420Frame(320, 180).y);
}

// A crawl moved by an odd number of pixels samples chroma from the odd column pairs: the
// same as converting the strip already shifted by that much.
TEST(BlendVsStock, OddCrawlOffsetsKeepChromaExact) {
  ArgbRectangle strip = random_blocks(0, 0, 400, 40, 4);
  const I420Graphic graphic = to_i420({view_of(strip)}, 0, 0, true);
  for (int offset : {1, 7, 33}) {
    ArgbRectangle shifted{0, 0, 300, 40, {}};
    for (int row = 0; row < 40; ++row)
      for (int x = 0; x < 300; ++x) shifted.pixels.push_back(strip.pixels[row * 400 + x + offset]);
    I420Frame ours(320, 48, 100, 90, 160), reference = ours;
    auto ours_view = ours.view(), reference_view = reference.view();
    blend_graphic(ours_view, graphic, 10, 4, offset, 300, kOpaque);
    blend_graphic(reference_view, to_i420({view_of(shifted)}, 10, 4, false), kOpaque);
    EXPECT_EQ(ours.y, reference.y) << offset;
    EXPECT_EQ(ours.u, reference.u) << offset;
    EXPECT_EQ(ours.v, reference.v) << offset;
  }
}

}  // namespace
}  // namespace votercast::media::graphics
