// A video caller on the programme: their picture put in its place under the graphics
// (in the corner, or beside the studio's, which is scaled into the left half), frozen when
// no newer picture comes, a dark box before the first, and the lost-call card over it.
#include <gtest/gtest.h>
#include <qrencode.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "i420_frame.hpp"
#include "media/graphics/caller_compositor.hpp"
#include "media/graphics/graphics_engine.hpp"
#include "media/graphics/plane_scale.hpp"
#include "media/graphics/scene_json.hpp"
#include "qr_codes.hpp"

namespace votercast::media::graphics {
namespace {

using namespace std::chrono_literals;
using test_support::I420Frame;

// A caller's picture: mid grey, with a QR code of `text` in the middle (modules of `module` px).
std::shared_ptr<CallerPicture> picture_with_qr(int width, int height, const std::string& text, int module,
                                               std::uint64_t number = 1) {
  auto p = std::make_shared<CallerPicture>();
  p->width = width, p->height = height, p->number = number;
  p->y.assign(static_cast<std::size_t>(width) * height, 180);
  p->u.assign(static_cast<std::size_t>((width + 1) / 2) * ((height + 1) / 2), 128);
  p->v = p->u;
  QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  const int side = (qr->width + 8) * module;  // with a quiet zone of 4 modules
  const int x0 = (width - side) / 2, y0 = (height - side) / 2;
  for (int row = 0; row < side; ++row)
    for (int col = 0; col < side; ++col) {
      const int mr = row / module - 4, mc = col / module - 4;
      const bool dark = mr >= 0 && mc >= 0 && mr < qr->width && mc < qr->width && (qr->data[mr * qr->width + mc] & 1);
      p->y[static_cast<std::size_t>(y0 + row) * width + x0 + col] = dark ? 16 : 235;
    }
  QRcode_free(qr);
  return p;
}

// The QR codes zbar reads in a rectangle of the frame's luma.
std::vector<std::string> qr_codes_in(const I420Frame& frame, const PixelRect& r) {
  std::vector<unsigned char> grey(static_cast<std::size_t>(r.width) * r.height);
  for (int row = 0; row < r.height; ++row)
    for (int x = 0; x < r.width; ++x) grey[static_cast<std::size_t>(row) * r.width + x] = frame.luma(r.x + x, r.y + row);
  return qr_codes_in_grey(grey.data(), r.width, r.height);
}

double mean_luma(const I420Frame& frame, const PixelRect& r) {
  double sum = 0;
  for (int row = r.y; row < r.y + r.height; ++row)
    for (int x = r.x; x < r.x + r.width; ++x) sum += frame.luma(x, row);
  return sum / (static_cast<double>(r.width) * r.height);
}

// A source as a call gives it: the latest picture, swapped under a short lock.
struct PictureBox {
  std::mutex mutex;
  std::shared_ptr<const CallerPicture> latest;
  void put(std::shared_ptr<const CallerPicture> p) {
    std::lock_guard lock(mutex);
    latest = std::move(p);
  }
  CallerPictureSource source() {
    return [this] {
      std::lock_guard lock(mutex);
      return latest;
    };
  }
};

TEST(PlaneScale, HalvingAveragesEachBlockAndStretchingKeepsAFlatPlaneFlat) {
  const std::uint8_t from[] = {0, 100, 50, 50, 200, 100, 50, 50};  // 4x2
  std::uint8_t to[2] = {};
  scale_plane({from, 4, 2, 4}, {to, 2, 1, 2});
  EXPECT_EQ(to[0], 100);  // (0 + 100 + 200 + 100) / 4
  EXPECT_EQ(to[1], 50);
  std::vector<std::uint8_t> flat(64, 77), big(200 * 100);
  scale_plane({flat.data(), 8, 8, 8}, {big.data(), 200, 100, 200});
  for (auto value : big) ASSERT_EQ(value, 77);
}

TEST(CallerCompositor, PutsTheCallersPictureInTheCornerScaledAndReadable) {
  CallerCompositor compositor(FrameGeometry::for_frame(1920, 1080));
  PictureBox box;
  box.put(picture_with_qr(1280, 720, "caller frame 17", 12));
  compositor.set_source(box.source());
  I420Frame frame = I420Frame::studio(1920, 1080);
  const I420Frame studio = frame;
  auto view = frame.view();
  compositor.compose(view, CallerVideo::Layout::pip, 256);
  const PixelRect pip = compositor.caller_rect(CallerVideo::Layout::pip);
  EXPECT_EQ(pip.width, 640);
  EXPECT_EQ(pip.height, 360);
  EXPECT_EQ(qr_codes_in(frame, pip), std::vector<std::string>{"caller frame 17"});
  // Outside its place the studio is untouched.
  EXPECT_EQ(test_support::mean_luma_difference(frame, studio, 0, 0, pip.x, 1080), 0);
  EXPECT_EQ(compositor.pictures_scaled(), 1u);
  compositor.compose(view, CallerVideo::Layout::pip, 256);
  EXPECT_EQ(compositor.pictures_scaled(), 1u) << "the same picture is not scaled again";
}

TEST(CallerCompositor, SideBySideScalesTheStudioIntoTheLeftHalf) {
  CallerCompositor compositor(FrameGeometry::for_frame(1280, 720));
  PictureBox box;
  box.put(picture_with_qr(640, 360, "caller", 8));
  compositor.set_source(box.source());
  // The studio shows a QR code of its own, full frame.
  auto studio_picture = picture_with_qr(1280, 720, "studio", 14);
  I420Frame frame(1280, 720);
  frame.y = studio_picture->y;
  auto view = frame.view();
  compositor.compose(view, CallerVideo::Layout::side_by_side, 256);
  EXPECT_EQ(qr_codes_in(frame, compositor.studio_rect()), std::vector<std::string>{"studio"});
  EXPECT_EQ(qr_codes_in(frame, compositor.caller_rect(CallerVideo::Layout::side_by_side)),
            std::vector<std::string>{"caller"});
}

TEST(CallerCompositor, DarkBeforeTheFirstPictureFrozenAfterTheLastAndNeverReadsABadOne) {
  CallerCompositor compositor(FrameGeometry::for_frame(1920, 1080));
  PictureBox box;
  compositor.set_source(box.source());
  const PixelRect pip = compositor.caller_rect(CallerVideo::Layout::pip);
  I420Frame frame = I420Frame::studio(1920, 1080);
  auto view = frame.view();
  compositor.compose(view, CallerVideo::Layout::pip, 256);
  EXPECT_NEAR(mean_luma(frame, pip), 33, 0.5) << "a dark box holds the caller's place";
  EXPECT_EQ(compositor.frames_without_picture(), 1u);

  box.put(picture_with_qr(1280, 720, "last picture", 12));
  compositor.compose(view, CallerVideo::Layout::pip, 256);
  box.put(nullptr);  // the call's pictures stop
  I420Frame later = I420Frame::studio(1920, 1080);
  auto later_view = later.view();
  compositor.compose(later_view, CallerVideo::Layout::pip, 256);
  EXPECT_EQ(qr_codes_in(later, pip), std::vector<std::string>{"last picture"}) << "frozen, not gone";

  // Planes shorter than the size they claim are not read.
  auto bad = std::make_shared<CallerPicture>();
  bad->width = 1920, bad->height = 1080;
  bad->y.resize(100), bad->u.resize(10), bad->v.resize(10);
  box.put(bad);
  compositor.compose(later_view, CallerVideo::Layout::pip, 256);
  EXPECT_EQ(qr_codes_in(later, pip), std::vector<std::string>{"last picture"});

  // Another call starts: not with this one's picture.
  compositor.set_source([] { return std::shared_ptr<const CallerPicture>(); });
  I420Frame next = I420Frame::studio(1920, 1080);
  auto next_view = next.view();
  compositor.compose(next_view, CallerVideo::Layout::pip, 256);
  EXPECT_NEAR(mean_luma(next, pip), 33, 0.5);
}

TEST(CallerCompositor, APhoneHeldUprightIsFittedWholeWithDarkBars) {
  CallerCompositor compositor(FrameGeometry::for_frame(1920, 1080));
  PictureBox box;
  box.put(picture_with_qr(720, 1280, "upright", 12));
  compositor.set_source(box.source());
  I420Frame frame = I420Frame::studio(1920, 1080);
  auto view = frame.view();
  compositor.compose(view, CallerVideo::Layout::pip, 256);
  const PixelRect pip = compositor.caller_rect(CallerVideo::Layout::pip);
  EXPECT_EQ(qr_codes_in(frame, pip), std::vector<std::string>{"upright"});
  EXPECT_NEAR(mean_luma(frame, {pip.x, pip.y, 100, pip.height}), 33, 0.5) << "a bar at the left";
  EXPECT_NEAR(mean_luma(frame, {pip.x + pip.width - 100, pip.y, 100, pip.height}), 33, 0.5);
}

TEST(CallerCompositor, AFadeMixesThePictureWithTheStudio) {
  CallerCompositor compositor(FrameGeometry::for_frame(1280, 720));
  PictureBox box;
  auto white = std::make_shared<CallerPicture>();
  white->width = 64, white->height = 36;
  white->y.assign(64 * 36, 200), white->u.assign(32 * 18, 128), white->v = white->u;
  box.put(white);
  compositor.set_source(box.source());
  I420Frame frame(1280, 720, 100);
  auto view = frame.view();
  compositor.compose(view, CallerVideo::Layout::pip, 128);
  EXPECT_NEAR(mean_luma(frame, compositor.caller_rect(CallerVideo::Layout::pip)), 150, 1);
}

Scene caller_scene(CallerVideo::Layout layout, bool lost) {
  Scene scene;
  scene.caller_video.visible = true;
  scene.caller_video.content = {layout, "Nguyễn Thị Mai", lost};
  return scene;
}

// Blends frames until the engine has the scene on air; returns the last frame.
I420Frame on_air(GraphicsEngine& engine, std::uint64_t generation) {
  EXPECT_TRUE(engine.wait_published(generation, 10s));
  I420Frame frame = I420Frame::studio(engine.width(), engine.height());
  auto view = frame.view();
  engine.blend(view, 0);
  return frame;
}

TEST(CallerVideoLayer, TheEngineShowsThePictureFramedThenTheLostCardOverIt) {
  GraphicsEngine engine(1920, 1080);
  PictureBox box;
  box.put(picture_with_qr(1280, 720, "frame 1", 12));
  engine.set_caller_picture(box.source());
  const PixelRect pip = CallerCompositor(FrameGeometry::for_frame(1920, 1080)).caller_rect(CallerVideo::Layout::pip);

  const I420Frame live = on_air(engine, engine.set_scene(caller_scene(CallerVideo::Layout::pip, false)));
  live.write_png(test_support::screenshot_path("caller_video_pip.png"));
  EXPECT_EQ(qr_codes_in(live, pip), std::vector<std::string>{"frame 1"});
  EXPECT_GT(live.luma(pip.x - 2, pip.y + 100), 150) << "a gold frame around the picture";
  EXPECT_GE(engine.stats().caller_pictures_scaled, 1u);

  const I420Frame lost = on_air(engine, engine.patch_layer("caller_video", {{"lost", true}}));
  lost.write_png(test_support::screenshot_path("caller_video_lost.png"));
  EXPECT_TRUE(qr_codes_in(lost, pip).empty()) << "the card covers the frozen picture";
  EXPECT_LT(mean_luma(lost, {pip.x + 20, pip.y + 20, 200, 60}), 50) << "the card's dark navy";

  const I420Frame gone = on_air(engine, engine.patch_layer("caller_video", {{"visible", false}}));
  EXPECT_EQ(test_support::mean_luma_difference(gone, I420Frame::studio(1920, 1080), pip.x, pip.y, pip.width, pip.height), 0)
      << "ending the call takes it all down";
}

TEST(CallerVideoLayer, SideBySideLaysTheStudioAndTheCallerOnTheNavyGround) {
  GraphicsEngine engine(1280, 720);
  PictureBox box;
  box.put(picture_with_qr(1280, 720, "caller beside", 16));
  engine.set_caller_picture(box.source());
  const I420Frame frame = on_air(engine, engine.set_scene(caller_scene(CallerVideo::Layout::side_by_side, false)));
  frame.write_png(test_support::screenshot_path("caller_video_side_by_side.png"));
  CallerCompositor layout(FrameGeometry::for_frame(1280, 720));
  EXPECT_EQ(qr_codes_in(frame, layout.caller_rect(CallerVideo::Layout::side_by_side)),
            std::vector<std::string>{"caller beside"});
  EXPECT_NEAR(mean_luma(frame, {0, 0, 1280, 100}), 44, 3) << "navy (design::kNavy) above the pictures";
}

TEST(CallerVideoLayer, SceneJsonCarriesTheLayoutAndRefusesAnUnknownOne) {
  Scene scene = scene_from_json({{"caller_video", {{"visible", true}, {"layout", "side_by_side"}, {"name", "Mai"}}}});
  EXPECT_EQ(scene.caller_video.content.layout, CallerVideo::Layout::side_by_side);
  EXPECT_EQ(scene_to_json(scene)["caller_video"]["layout"], "side_by_side");
  EXPECT_EQ(scene_to_json(Scene{})["caller_video"],
            nlohmann::json({{"visible", false}, {"transition", {{"type", "cut"}, {"ms", 0}}}, {"layout", "pip"},
                            {"name", ""}, {"lost", false}}));
  try {
    patch_layer(scene, "caller_video", {{"layout", "corner"}});
    FAIL() << "an unknown layout is refused";
  } catch (const SceneError& e) {
    EXPECT_EQ(e.code, "invalid_value");
  }
}

}  // namespace
}  // namespace votercast::media::graphics
