#pragma once
// A broadcast frame synchronizer: the input delivers frames at its own pace, the programme
// ticks at the house rate. A short elastic queue absorbs jitter; when the input runs ahead
// the oldest frame is dropped, when it lags the last frame is repeated, and when it has been
// silent for longer than the loss timeout the slate goes to air instead.
#include <gst/gst.h>
#include <gst/video/video.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>

#include "media/pipeline/gst_handles.hpp"

namespace votercast::media::pipeline {

struct FrameCounters {
  std::uint64_t frames_in = 0;          // frames the input delivered
  std::uint64_t frames_dropped = 0;     // input frames that never went to air
  std::uint64_t frames_duplicated = 0;  // ticks that repeated the previous input frame
  std::uint64_t frames_slate = 0;       // ticks that showed the slate
};

class FrameSynchronizer {
 public:
  using Clock = std::chrono::steady_clock;

  // info describes every frame (input and slate): I420 at the programme size.
  FrameSynchronizer(const GstVideoInfo& info, std::chrono::nanoseconds loss_timeout);

  void set_slate(BufferPtr slate);

  // Input side (the input's streaming thread).
  void push(GstBuffer* frame);
  // A live input's source received data (the network side, before demuxing and decoding).
  // Once watched, a source that stays silent for the loss timeout puts the slate on air
  // at once, however much decoded picture is still buffered behind it.
  void note_source_data();
  void watch_source(bool watch);
  // The input ended or failed: drop what is queued and show the slate from the next tick.
  void input_gone();

  // Programme side (the house streaming thread): copies this tick's picture into out.
  // Returns true when it is the input (live or repeated), false for the slate.
  bool fill(GstVideoFrame& out);
  // The picture the last fill() copied (input or slate), before any graphics: what a
  // PREVIEW draws a scene over. nullptr before the first tick.
  BufferPtr last_picture() const;

  FrameCounters counters() const;
  // When the input last delivered a frame (time_point{} if never).
  Clock::time_point last_arrival() const;

 private:
  static constexpr std::size_t kMaxQueued = 2;   // jitter cushion at each tick
  static constexpr std::size_t kMaxBacklog = 8;  // hard limit between ticks

  GstVideoInfo info_;
  const std::chrono::nanoseconds loss_timeout_;
  mutable std::mutex mutex_;
  std::deque<BufferPtr> queue_;
  BufferPtr on_air_;  // the input frame shown last, for repeats
  BufferPtr slate_;
  BufferPtr shown_;  // what the last fill() copied
  Clock::time_point last_arrival_{};
  std::atomic<bool> watch_source_{false};
  std::atomic<Clock::rep> last_source_data_{0};  // steady clock ticks, lock-free for the source thread
  FrameCounters counters_;
};

}  // namespace votercast::media::pipeline
