#include "test_pictures.hpp"

#include <qrencode.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace votercast::media::call::test {
namespace {

struct OwnedFrame {
  CallerFrame frame;
  std::vector<std::uint8_t> bytes;
};

}  // namespace

std::shared_ptr<const CallerFrame> qr_picture(int width, int height, long number) {
  const std::string text = "{\"BUFFERCOUNT\":" + std::to_string(number) + "}";
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) throw std::runtime_error("qrencode failed");
  auto owned = std::make_shared<OwnedFrame>();
  CallerFrame& frame = owned->frame;
  frame.width = width;
  frame.height = height;
  const std::size_t luma = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  owned->bytes.assign(luma, 110);
  owned->bytes.resize(luma + luma / 2, 128);  // neutral chroma
  // Modules of 1/40 of the smaller side (12 px at 480 lines), with the four-module quiet
  // zone: they survive scaling down to a 270-line letterbox.
  const int module = std::max(2, std::min(width, height) / 40);
  const int side = (code->width + 8) * module;
  const int left = (width - side) / 2;
  const int top = (height - side) / 2;
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const int row = y / module - 4;
      const int column = x / module - 4;
      const bool dark = row >= 0 && column >= 0 && row < code->width && column < code->width &&
                        (code->data[row * code->width + column] & 1);
      const int py = top + y;
      const int px = left + x;
      if (py < 0 || px < 0 || py >= height || px >= width) continue;
      owned->bytes[static_cast<std::size_t>(py) * static_cast<std::size_t>(width) + static_cast<std::size_t>(px)] =
          dark ? 16 : 235;
    }
  }
  QRcode_free(code);
  frame.planes[0] = owned->bytes.data();
  frame.planes[1] = owned->bytes.data() + luma;
  frame.planes[2] = owned->bytes.data() + luma + luma / 4;
  frame.strides[0] = width;
  frame.strides[1] = frame.strides[2] = width / 2;
  frame.number = static_cast<std::uint64_t>(number);
  frame.arrived = std::chrono::steady_clock::now();
  return std::shared_ptr<const CallerFrame>(owned, &owned->frame);
}

}  // namespace votercast::media::call::test
