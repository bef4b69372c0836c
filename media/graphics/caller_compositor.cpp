#include "media/graphics/caller_compositor.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "media/graphics/design.hpp"
#include "media/graphics/plane_scale.hpp"

namespace votercast::media::graphics {
namespace {

// The dark navy (design::kNavyDark) in limited-range BT.709, where no picture is yet.
constexpr std::uint8_t kDarkY = 33, kDarkU = 145, kDarkV = 120;

int even_down(double v) { return static_cast<int>(std::floor(v / 2)) * 2; }

PixelRect to_frame(const design::Rect& r, const FrameGeometry& g) {
  PixelRect out;
  out.x = even_down(g.offset_x + r.x * g.scale);
  out.y = even_down(g.offset_y + r.y * g.scale);
  out.width = std::min(even_down(r.width * g.scale), g.width - out.x);
  out.height = std::min(even_down(r.height * g.scale), g.height - out.y);
  return out;
}

// Copies (alpha 256) or mixes a plane of `from` into `to` at (x, y).
void place(const std::uint8_t* from, int from_stride, int width, int height, std::uint8_t* to, int to_stride, int x,
           int y, int alpha) {
  for (int row = 0; row < height; ++row) {
    const std::uint8_t* src = from + static_cast<std::ptrdiff_t>(row) * from_stride;
    std::uint8_t* dst = to + static_cast<std::ptrdiff_t>(y + row) * to_stride + x;
    if (alpha >= 256) {
      std::memcpy(dst, src, static_cast<std::size_t>(width));
      continue;
    }
    for (int col = 0; col < width; ++col) dst[col] = static_cast<std::uint8_t>((src[col] * alpha + dst[col] * (256 - alpha) + 128) >> 8);
  }
}

void place_planes(const CallerCompositor::Planes& p, VideoFrameView& frame, const PixelRect& at, int alpha) {
  const int cw = p.width / 2, ch = p.height / 2;
  place(p.y.data(), p.width, p.width, p.height, frame.data[0], frame.stride[0], at.x, at.y, alpha);
  place(p.u.data(), cw, cw, ch, frame.data[1], frame.stride[1], at.x / 2, at.y / 2, alpha);
  place(p.v.data(), cw, cw, ch, frame.data[2], frame.stride[2], at.x / 2, at.y / 2, alpha);
}

bool well_formed(const CallerPicture& p) {
  if (p.width <= 0 || p.height <= 0 || p.width > 8192 || p.height > 8192) return false;
  const auto luma = static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.height);
  const auto chroma = static_cast<std::size_t>((p.width + 1) / 2) * static_cast<std::size_t>((p.height + 1) / 2);
  return p.y.size() >= luma && p.u.size() >= chroma && p.v.size() >= chroma;
}

}  // namespace

void CallerCompositor::Planes::resize(int w, int h) {
  width = w, height = h;
  y.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), kDarkY);
  u.assign(static_cast<std::size_t>(w / 2) * static_cast<std::size_t>(h / 2), kDarkU);
  v.assign(static_cast<std::size_t>(w / 2) * static_cast<std::size_t>(h / 2), kDarkV);
}

CallerCompositor::CallerCompositor(const FrameGeometry& geometry) : geometry_(geometry) {}

void CallerCompositor::set_source(CallerPictureSource source) {
  source_.store(source ? std::make_shared<const CallerPictureSource>(std::move(source)) : nullptr,
                std::memory_order_release);
  source_changes_.fetch_add(1, std::memory_order_release);
}

PixelRect CallerCompositor::caller_rect(CallerVideo::Layout layout) const {
  return to_frame(layout == CallerVideo::Layout::pip ? design::kCallerPip : design::kSideBySideCaller, geometry_);
}

PixelRect CallerCompositor::studio_rect() const { return to_frame(design::kSideBySideStudio, geometry_); }

void CallerCompositor::scale_studio(const VideoFrameView& frame) {
  const PixelRect at = studio_rect();
  if (studio_.width != at.width || studio_.height != at.height) studio_.resize(at.width, at.height);
  const int cw = (frame.width + 1) / 2, ch = (frame.height + 1) / 2;
  scale_plane({frame.data[0], frame.width, frame.height, frame.stride[0]},
              {studio_.y.data(), studio_.width, studio_.height, studio_.width});
  scale_plane({frame.data[1], cw, ch, frame.stride[1]}, {studio_.u.data(), studio_.width / 2, studio_.height / 2, studio_.width / 2});
  scale_plane({frame.data[2], cw, ch, frame.stride[2]}, {studio_.v.data(), studio_.width / 2, studio_.height / 2, studio_.width / 2});
}

// The picture fitted whole into the place (a phone held upright gets dark bars at its sides).
void CallerCompositor::scale_picture(const CallerPicture& picture, const PixelRect& into) {
  caller_.resize(into.width, into.height);
  const double fit = std::min(static_cast<double>(into.width) / picture.width,
                              static_cast<double>(into.height) / picture.height);
  const int w = std::max(2, even_down(picture.width * fit)), h = std::max(2, even_down(picture.height * fit));
  const int x = even_down((into.width - w) / 2.0), y = even_down((into.height - h) / 2.0);
  const int pw = (picture.width + 1) / 2, ph = (picture.height + 1) / 2;
  scale_plane({picture.y.data(), picture.width, picture.height, picture.width},
              {caller_.y.data() + static_cast<std::ptrdiff_t>(y) * caller_.width + x, w, h, caller_.width});
  const int cstride = caller_.width / 2;
  const auto chroma_at = static_cast<std::ptrdiff_t>(y / 2) * cstride + x / 2;
  scale_plane({picture.u.data(), pw, ph, pw}, {caller_.u.data() + chroma_at, w / 2, h / 2, cstride});
  scale_plane({picture.v.data(), pw, ph, pw}, {caller_.v.data() + chroma_at, w / 2, h / 2, cstride});
  pictures_scaled_.fetch_add(1, std::memory_order_relaxed);
}

void CallerCompositor::compose(VideoFrameView& frame, CallerVideo::Layout layout, int alpha) {
  if (alpha <= 0 || frame.width != geometry_.width || frame.height != geometry_.height) return;
  if (layout == CallerVideo::Layout::side_by_side) {
    scale_studio(frame);
    place_planes(studio_, frame, studio_rect(), alpha);
  }
  const PixelRect at = caller_rect(layout);
  const auto changes = source_changes_.load(std::memory_order_acquire);
  if (changes != seen_source_changes_) {
    seen_source_changes_ = changes;
    scaled_picture_.reset();
    scaled_width_ = scaled_height_ = 0;
  }
  const auto source = source_.load(std::memory_order_acquire);
  std::shared_ptr<const CallerPicture> picture = source && *source ? (*source)() : nullptr;
  if (picture && !well_formed(*picture)) picture.reset();
  if (!picture) {
    frames_without_picture_.fetch_add(1, std::memory_order_relaxed);
    picture = scaled_picture_;  // frozen on the last one
  }
  const bool moved = scaled_width_ != at.width || scaled_height_ != at.height;
  if (picture && (picture != scaled_picture_ || moved)) {
    scale_picture(*picture, at);
  } else if (!picture && moved) {
    caller_.resize(at.width, at.height);  // the dark box until the first picture
  }
  scaled_picture_ = std::move(picture);
  scaled_width_ = at.width, scaled_height_ = at.height;
  place_planes(caller_, frame, at, alpha);
}

}  // namespace votercast::media::graphics
