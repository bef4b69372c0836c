#include "web/live/caller_slot.hpp"

#include <cstring>

#include "media/sound_insert.hpp"

namespace votercast::web {
namespace {

void copy_plane(const std::uint8_t* from, int stride, int width, int height, std::vector<std::uint8_t>& to) {
  to.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  for (int row = 0; row < height; ++row)
    std::memcpy(to.data() + static_cast<std::size_t>(row) * width, from + static_cast<std::ptrdiff_t>(row) * stride,
                static_cast<std::size_t>(width));
}

}  // namespace

std::shared_ptr<media::CallerPicture> packed_picture(const media::call::CallerFrame& frame) {
  auto picture = std::make_shared<media::CallerPicture>();
  picture->width = frame.width;
  picture->height = frame.height;
  const int cw = (frame.width + 1) / 2, ch = (frame.height + 1) / 2;
  copy_plane(frame.planes[0], frame.strides[0], frame.width, frame.height, picture->y);
  copy_plane(frame.planes[1], frame.strides[1], cw, ch, picture->u);
  copy_plane(frame.planes[2], frame.strides[2], cw, ch, picture->v);
  return picture;
}

void CallerSlot::attach(media::call::CallerLink* link) {
  std::lock_guard lock(mutex_);
  link_ = link;
  ++link_serial_;
}

void CallerSlot::detach(const media::call::CallerLink* link) {
  std::lock_guard lock(mutex_);
  if (link_ == link) link_ = nullptr;  // a later link of the caller's may be attached already
}

std::shared_ptr<const media::CallerPicture> CallerSlot::picture() {
  std::shared_ptr<const media::call::CallerFrame> frame;
  std::uint64_t serial = 0;
  {
    std::lock_guard lock(mutex_);
    if (!link_) return picture_;
    frame = link_->latest_frame();
    serial = link_serial_;
    if (!frame || frame->width <= 0 || frame->height <= 0) return picture_;
    if (serial == packed_serial_ && frame->number == packed_frame_) return picture_;
  }
  // The copy (about 1.4 MB at 720p, a fraction of a millisecond) is made outside the lock;
  // the frame held keeps its buffer mapped, even if the link goes meanwhile.
  auto packed = packed_picture(*frame);
  std::lock_guard lock(mutex_);
  const bool newer = serial > packed_serial_ || (serial == packed_serial_ && frame->number > packed_frame_);
  if (newer) {
    packed->number = ++pictures_;
    packed_serial_ = serial;
    packed_frame_ = frame->number;
    picture_ = std::move(packed);
  }
  return picture_;
}

void CallerSlot::mix_into(std::span<std::int16_t> programme) {
  std::lock_guard lock(mutex_);
  if (!link_) return;
  link_->push_return_audio(programme.data(), programme.size() / 2);  // stereo: frames are pairs
  voice_.resize(programme.size());
  link_->pull_audio(voice_);
  media::mix_saturating(programme, voice_);
}

std::shared_ptr<void> CallerSlot::hold_for_programme() {
  {
    std::lock_guard lock(mutex_);
    ++programme_holds_;
  }
  // The release is the deleter: it runs once, when the last copy of the hold goes.
  auto self = shared_from_this();
  return {self.get(), [self](void*) {
            std::lock_guard lock(self->mutex_);
            --self->programme_holds_;
          }};
}

void CallerSlot::screen_into(media::call::ScreenerLink& screener, ScreeningCursor& cursor, std::size_t frames) {
  std::lock_guard lock(mutex_);
  if (!link_) return;
  if (auto frame = link_->latest_frame();
      frame && (cursor.link_serial != link_serial_ || cursor.frame != frame->number)) {
    cursor.link_serial = link_serial_;
    cursor.frame = frame->number;
    screener.push_picture(std::move(frame));
  }
  // One consumer for the caller's voice, one source for their return: on air, both are
  // the programme's, and the screener only watches.
  if (programme_holds_ > 0) return;
  cursor.sound.resize(frames * 2);  // stereo
  link_->pull_audio(cursor.sound);
  screener.push_sound(cursor.sound.data(), frames);
  screener.pull_talkback(cursor.sound);
  link_->push_return_audio(cursor.sound.data(), frames);
}

std::optional<media::call::CallerStats> CallerSlot::stats() const {
  std::lock_guard lock(mutex_);
  if (!link_) return std::nullopt;
  return link_->stats();
}

}  // namespace votercast::web
