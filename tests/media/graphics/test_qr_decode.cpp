// The QR code on the programme scans: a frame with the scene blended in, as grey (its luma
// plane), decodes with zbar to exactly the URL.
#include <gtest/gtest.h>

#include "i420_frame.hpp"
#include "qr_codes.hpp"
#include "media/graphics/graphics_engine.hpp"
#include "scene_samples.hpp"

namespace votercast::media::graphics {
namespace {

using namespace std::chrono_literals;
using test_support::I420Frame;

std::vector<std::string> decode_qr(const I420Frame& frame) {
  // Only the luma plane: what a phone's camera sees of the QR code, in grey.
  return qr_codes_in_grey(frame.y.data(), frame.width, frame.height);
}

I420Frame programme_frame(int width, int height, const Scene& scene) {
  GraphicsEngine engine(width, height);
  EXPECT_TRUE(engine.wait_published(engine.set_scene(scene), 5s));
  I420Frame frame = I420Frame::studio(width, height);
  auto view = frame.view();
  engine.blend(view, 0);
  return frame;
}

TEST(QrCode, TheProgrammeFrameScansToTheExactUrl) {
  Scene scene = test_support::full_scene();
  const std::string url = "https://hoidap.example.vn/gui-cau-hoi?show=42&src=tv";
  scene.qr.content.url = url;
  for (auto [width, height] : {std::pair{1920, 1080}, {1280, 720}}) {
    const I420Frame frame = programme_frame(width, height, scene);
    EXPECT_EQ(decode_qr(frame), std::vector<std::string>{url}) << width << "x" << height;
    if (width == 1920) frame.write_png(test_support::screenshot_path("programme_full_1080.png"));
  }
}

// The longest URL the scene accepts (300 characters) still scans at 720 lines.
TEST(QrCode, TheLongestAllowedUrlStillScans) {
  Scene scene;
  scene.qr.visible = true;
  scene.qr.content.url = "https://hoidap.example.vn/gui-cau-hoi?" + std::string(300 - 38, 'q');
  ASSERT_EQ(scene.qr.content.url.size(), 300u);
  for (auto [width, height] : {std::pair{1920, 1080}, {1280, 720}})
    EXPECT_EQ(decode_qr(programme_frame(width, height, scene)), std::vector<std::string>{scene.qr.content.url})
        << width << "x" << height;
}

TEST(QrCode, NoQrLayerNoCode) {
  Scene scene = test_support::full_scene();
  scene.qr.visible = false;
  EXPECT_TRUE(decode_qr(programme_frame(1920, 1080, scene)).empty());
}

}  // namespace
}  // namespace votercast::media::graphics
