#pragma once
// Reads the caller's QR frame numbers back off the programme, for bench_calls' latency:
// wraps the graphics engine as the programme's overlay and, while watching, copies the
// caller's half of each programme frame that first shows a new caller picture (side by
// side layout) and reads it with zbar on a thread of its own. Frames that come while the
// reader is busy are not sampled; the streaming thread never waits for it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "media/graphics/graphics_engine.hpp"
#include "media/video_frame.hpp"

namespace votercast::bench {

class OnAirQrWatch : public media::FrameOverlay {
 public:
  struct Sighting {
    long frame = 0;  // the BUFFERCOUNT read off the programme
    std::chrono::steady_clock::time_point shown;  // when that programme frame was blended
  };

  explicit OnAirQrWatch(media::graphics::GraphicsEngine& engine);
  ~OnAirQrWatch() override;

  // From the caller picture source (inside engine.blend()): the frame being made is the
  // first to show a new picture.
  void picture_changed() { fresh_picture_.store(true, std::memory_order_relaxed); }
  void watch(bool on) { watching_.store(on); }

  void blend(media::VideoFrameView& frame, std::int64_t running_time_ns) override;

  std::vector<Sighting> sightings() const;
  std::uint64_t unreadable() const;  // sampled frames whose QR code zbar did not read

 private:
  void read_loop();

  media::graphics::GraphicsEngine& engine_;
  std::atomic<bool> fresh_picture_{false};
  std::atomic<bool> watching_{false};

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;  // copied_ holds a frame the reader has not taken
  bool stopping_ = false;
  std::vector<std::uint8_t> copied_;  // luma of the caller's half, width_ x height_
  int width_ = 0, height_ = 0;
  std::chrono::steady_clock::time_point copied_shown_;
  std::vector<Sighting> sightings_;
  std::uint64_t unreadable_ = 0;
  std::thread reader_;
};

}  // namespace votercast::bench
