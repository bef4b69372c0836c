#include "on_air_qr_watch.hpp"

#include <cstring>

#include "media/call/signal_checks.hpp"

namespace votercast::bench {

using Clock = std::chrono::steady_clock;

OnAirQrWatch::OnAirQrWatch(media::graphics::GraphicsEngine& engine)
    : engine_(engine), reader_([this] { read_loop(); }) {}

OnAirQrWatch::~OnAirQrWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  reader_.join();
}

void OnAirQrWatch::blend(media::VideoFrameView& frame, std::int64_t running_time_ns) {
  engine_.blend(frame, running_time_ns);
  const bool fresh = fresh_picture_.exchange(false, std::memory_order_relaxed);
  if (!fresh || !watching_.load()) return;
  const auto shown = Clock::now();
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || pending_) return;  // the reader is busy: not sampled
  // Side by side: the caller's picture is in the right half.
  width_ = frame.width / 2;
  height_ = frame.height;
  copied_.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_));
  for (int row = 0; row < height_; ++row) {
    std::memcpy(copied_.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(width_),
                frame.data[0] + static_cast<std::ptrdiff_t>(row) * frame.stride[0] + width_,
                static_cast<std::size_t>(width_));
  }
  copied_shown_ = shown;
  pending_ = true;
  lock.unlock();
  wake_.notify_one();
}

void OnAirQrWatch::read_loop() {
  std::vector<std::uint8_t> luma;
  for (;;) {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return pending_ || stopping_; });
    if (stopping_) return;
    luma.swap(copied_);
    media::call::CallerFrame view;
    view.width = width_;
    view.height = height_;
    view.strides[0] = width_;
    const auto shown = copied_shown_;
    pending_ = false;
    lock.unlock();

    view.planes[0] = luma.data();
    const auto frame = media::call::test::qr_frame_number(view);
    lock.lock();
    if (frame) sightings_.push_back({*frame, shown});
    else ++unreadable_;
  }
}

std::vector<OnAirQrWatch::Sighting> OnAirQrWatch::sightings() const {
  std::lock_guard lock(mutex_);
  return sightings_;
}

std::uint64_t OnAirQrWatch::unreadable() const {
  std::lock_guard lock(mutex_);
  return unreadable_;
}

}  // namespace votercast::bench
