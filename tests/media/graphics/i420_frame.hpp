#pragma once
// An I420 programme frame owned by a test, and ways to look at it.
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "media/video_frame.hpp"
#include "screenshots.hpp"

namespace votercast::media::graphics::test_support {

struct I420Frame {
  int width, height;
  std::vector<std::uint8_t> y, u, v;

  I420Frame(int w, int h, std::uint8_t luma = 16, std::uint8_t cb = 128, std::uint8_t cr = 128)
      : width(w), height(h), y(static_cast<std::size_t>(w) * h, luma),
        u(static_cast<std::size_t>((w + 1) / 2) * ((h + 1) / 2), cb), v(u.size(), cr) {}

  int chroma_width() const { return (width + 1) / 2; }
  int chroma_height() const { return (height + 1) / 2; }

  VideoFrameView view() {
    VideoFrameView view;
    view.data[0] = y.data(), view.data[1] = u.data(), view.data[2] = v.data();
    view.stride[0] = width, view.stride[1] = view.stride[2] = chroma_width();
    view.width = width, view.height = height;
    return view;
  }

  std::uint8_t luma(int x, int row) const { return y[static_cast<std::size_t>(row) * width + x]; }

  // A studio-like picture: a dark blue gradient with lighter diagonal bands, so graphics
  // are seen over something that is not flat.
  static I420Frame studio(int w, int h) {
    I420Frame f(w, h);
    for (int row = 0; row < h; ++row)
      for (int x = 0; x < w; ++x)
        f.y[static_cast<std::size_t>(row) * w + x] =
            static_cast<std::uint8_t>(40 + 60 * row / h + 25 * (((x + row) / 160) % 2));
    for (int row = 0; row < f.chroma_height(); ++row)
      for (int x = 0; x < f.chroma_width(); ++x) {
        f.u[static_cast<std::size_t>(row) * f.chroma_width() + x] = static_cast<std::uint8_t>(150 - 20 * x / f.chroma_width());
        f.v[static_cast<std::size_t>(row) * f.chroma_width() + x] = static_cast<std::uint8_t>(115 + 15 * row / f.chroma_height());
      }
    return f;
  }

  // BT.709 limited range to RGB, for looking at a frame as a PNG.
  void write_png(const std::string& path) const {
    if (path.empty()) return;
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    unsigned char* data = cairo_image_surface_get_data(s);
    const int stride = cairo_image_surface_get_stride(s);
    for (int row = 0; row < height; ++row)
      for (int x = 0; x < width; ++x) {
        const double Y = (luma(x, row) - 16) / 219.0;
        const std::size_t c = static_cast<std::size_t>(row / 2) * chroma_width() + x / 2;
        const double U = (u[c] - 128) / 224.0, V = (v[c] - 128) / 224.0;
        auto to8 = [](double value) { return static_cast<std::uint32_t>(std::clamp(value, 0.0, 1.0) * 255 + 0.5); };
        const std::uint32_t r = to8(Y + 1.5748 * V), g = to8(Y - 0.1873 * U - 0.4681 * V), b = to8(Y + 1.8556 * U);
        reinterpret_cast<std::uint32_t*>(data + row * stride)[x] = 0xFF000000u | r << 16 | g << 8 | b;
      }
    cairo_surface_mark_dirty(s);
    cairo_surface_write_to_png(s, path.c_str());
    cairo_surface_destroy(s);
  }
};

// Mean absolute luma difference over a rectangle.
inline double mean_luma_difference(const I420Frame& a, const I420Frame& b, int x0, int y0, int w, int h) {
  double sum = 0;
  for (int row = y0; row < y0 + h; ++row)
    for (int x = x0; x < x0 + w; ++x) sum += std::abs(a.luma(x, row) - b.luma(x, row));
  return sum / (static_cast<double>(w) * h);
}

}  // namespace votercast::media::graphics::test_support
