#pragma once
// A PNG from the server (frame.png, stills) as pixels a test can look at, decoded with Cairo.
#include <cairo.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace votercast::test {

struct Png {
  int width = 0, height = 0;
  std::vector<std::uint32_t> argb;  // premultiplied, row-major
  std::uint32_t at(int x, int y) const { return argb[static_cast<std::size_t>(y) * width + x]; }
};

// Decodes with Cairo; width 0 when the bytes are not a PNG.
inline Png decode_png(const std::string& bytes) {
  struct Cursor {
    const std::string* data;
    std::size_t offset = 0;
  } cursor{&bytes};
  auto* surface = cairo_image_surface_create_from_png_stream(
      [](void* closure, unsigned char* out, unsigned int length) {
        auto* c = static_cast<Cursor*>(closure);
        if (c->offset + length > c->data->size()) return CAIRO_STATUS_READ_ERROR;
        std::memcpy(out, c->data->data() + c->offset, length);
        c->offset += length;
        return CAIRO_STATUS_SUCCESS;
      },
      &cursor);
  Png png;
  if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS) {
    cairo_surface_flush(surface);
    png.width = cairo_image_surface_get_width(surface);
    png.height = cairo_image_surface_get_height(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const auto* data = cairo_image_surface_get_data(surface);
    for (int y = 0; y < png.height; ++y) {
      const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
      png.argb.insert(png.argb.end(), row, row + png.width);
    }
  }
  cairo_surface_destroy(surface);
  return png;
}

}  // namespace votercast::test
