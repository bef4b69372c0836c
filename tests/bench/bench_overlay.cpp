// Per-frame cost of the programme graphics at 1080p25 with a full set on air (question card,
// caller lower third, ticker, QR, bug): our blend, GStreamer's stock overlay composition
// blending the same rectangles (the peer), and a memcpy of the covered area (the limit).
// Usage: bench_overlay [frames]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "../media/graphics/scene_samples.hpp"
#include "../media/graphics/stock_overlay.hpp"
#include "media/graphics/graphics_engine.hpp"
#include "media/graphics/layer_renderers.hpp"
#include "media/graphics/poll_tween.hpp"

using namespace votercast::media::graphics;
using Clock = std::chrono::steady_clock;

namespace {

test_support::ArgbRectangle rectangle_of(cairo_surface_t* surface, const PixelRect& crop, int x, int y) {
  test_support::ArgbRectangle r{x, y, crop.width, crop.height, {}};
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  for (int row = 0; row < r.height; ++row) {
    const auto* line = reinterpret_cast<const std::uint32_t*>(data + (crop.y + row) * stride) + crop.x;
    r.pixels.insert(r.pixels.end(), line, line + r.width);
  }
  return r;
}

template <class F>
double ms_per_call(int calls, F&& f) {
  const auto start = Clock::now();
  for (int i = 0; i < calls; ++i) f(i);
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count() / calls;
}

}  // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::atoi(argv[1]) : 500;
  const int width = 1920, height = 1080;
  Scene scene = test_support::full_scene();
  scene.lower_third.visible = true;

  // Ours: the engine as the pipeline calls it, every frame at its running time.
  GraphicsEngine engine(width, height);
  if (!engine.wait_published(engine.set_scene(scene), std::chrono::seconds(10))) return 1;
  test_support::I420Frame picture = test_support::I420Frame::studio(width, height), frame = picture;
  auto view = frame.view();
  for (int i = 0; i < 25; ++i) engine.blend(view, i * 40'000'000LL);  // warm up
  const double ours = ms_per_call(frames, [&](int i) { engine.blend(view, (25 + i) * 40'000'000LL); });

  // The same rectangles as ARGB, for the stock blend and for the memcpy.
  TextContext text;
  const FrameGeometry geometry = FrameGeometry::for_frame(width, height);
  std::vector<test_support::ArgbRectangle> rects;
  for (LayerId id : kLayersInDrawingOrder) {
    const bool visible = visit_layer(scene, id, [](const auto& layer) { return layer.visible; });
    if (!visible) continue;
    const ArgbLayer layer = render_layer(text, geometry, id, scene, {"20:45"});
    for (const ArgbSprite& s : layer.sprites) rects.push_back(rectangle_of(s.surface.get(), s.crop, s.x, s.y));
    if (layer.crawl) {  // the window's worth of the strip
      const PixelRect window = layer.crawl->window;
      rects.push_back(rectangle_of(layer.crawl->tiles[0].get(), {0, 0, window.width, window.height}, window.x, window.y));
    }
  }
  long covered = 0;
  for (const auto& r : rects) covered += static_cast<long>(r.width) * r.height;

  test_support::StockComposition stock(rects);
  GstVideoInfo info;
  gst_video_info_set_format(&info, GST_VIDEO_FORMAT_I420, width, height);
  GstBuffer* buffer = gst_buffer_new_allocate(nullptr, GST_VIDEO_INFO_SIZE(&info), nullptr);
  GstVideoFrame mapped;
  gst_video_frame_map(&mapped, &info, buffer, GST_MAP_READWRITE);
  const int stock_frames = std::max(10, frames / 5);
  stock.blend_mapped(mapped);  // warm up
  const double peer = ms_per_call(stock_frames, [&](int) { stock.blend_mapped(mapped); });
  gst_video_frame_unmap(&mapped);
  gst_buffer_unref(buffer);

  // The limit: copying the covered area's I420 bytes once.
  test_support::I420Frame target(width, height);
  const double copy = ms_per_call(frames, [&](int) {
    for (const auto& r : rects) {
      for (int row = 0; row < r.height; ++row)
        std::memcpy(&target.y[(r.y + row) * width + r.x], &picture.y[(r.y + row) * width + r.x], r.width);
      const int cw = picture.chroma_width();
      for (int row = 0; row < r.height / 2; ++row) {
        std::memcpy(&target.u[(r.y / 2 + row) * cw + r.x / 2], &picture.u[(r.y / 2 + row) * cw + r.x / 2], r.width / 2);
        std::memcpy(&target.v[(r.y / 2 + row) * cw + r.x / 2], &picture.v[(r.y / 2 + row) * cw + r.x / 2], r.width / 2);
      }
    }
  });

  const GraphicsStats stats = engine.stats();
  std::printf("bench_overlay: %dx%d I420, %zu rectangles covering %.2f Mpx (%.0f%% of the frame)\n", width, height,
              rects.size(), covered / 1e6, 100.0 * covered / (width * height));
  std::printf("  ours  (GraphicsEngine::blend)      %7.3f ms/frame  (mean over %d frames; engine stats mean %.3f, max %.3f)\n",
              ours, frames, stats.mean_blend_ms, stats.max_blend_ms);
  std::printf("  peer  (GstVideoOverlayComposition) %7.3f ms/frame  (%d frames)\n", peer, stock_frames);
  std::printf("  limit (memcpy of the covered area) %7.3f ms/frame\n", copy);
  std::printf("  ours / peer = %.3f (target <= 0.5)\n", ours / peer);
  std::printf("  render on change: question card %.1f ms, ticker %.1f ms, qr %.1f ms, bug %.1f ms, lower third %.1f ms\n",
              stats.layers[static_cast<std::size_t>(LayerId::question_card)].last_render_ms,
              stats.layers[static_cast<std::size_t>(LayerId::ticker)].last_render_ms,
              stats.layers[static_cast<std::size_t>(LayerId::qr)].last_render_ms,
              stats.layers[static_cast<std::size_t>(LayerId::bug)].last_render_ms,
              stats.layers[static_cast<std::size_t>(LayerId::lower_third)].last_render_ms);
  // The poll warm, as while viewers vote (new votes a few times a second): the mean of a few renders.
  double poll_ms = 0;
  constexpr int kPollRenders = 10;
  for (int i = 1; i <= kPollRenders; ++i) {
    nlohmann::json options = nlohmann::json::array();
    for (const PollOption& o : scene.poll.content.options)
      options.push_back({{"code", o.code}, {"label", o.label}, {"votes", o.votes + 37 * i}});
    engine.wait_published(engine.patch_layer("poll", {{"options", options}}), std::chrono::seconds(10));
    poll_ms += engine.stats().layers[static_cast<std::size_t>(LayerId::poll)].last_render_ms / kPollRenders;
  }
  std::printf("  poll %.1f ms a render: its bars' tween, one every %lld ms, takes %.0f%% of a core while votes keep coming\n",
              poll_ms, static_cast<long long>(kPollTweenStep.count()), 100 * poll_ms / kPollTweenStep.count());
  return ours <= 0.5 * peer ? 0 : 2;
}
