#include "media/pipeline/frame_synchronizer.hpp"

namespace votercast::media::pipeline {
namespace {

void copy_frame(GstBuffer* source, const GstVideoInfo& info, GstVideoFrame& out) {
  GstVideoFrame in;
  // GstVideoInfo is read-only here; the map API takes a non-const pointer.
  if (!gst_video_frame_map(&in, const_cast<GstVideoInfo*>(&info), source, GST_MAP_READ)) return;
  gst_video_frame_copy(&out, &in);
  gst_video_frame_unmap(&in);
}

}  // namespace

FrameSynchronizer::FrameSynchronizer(const GstVideoInfo& info, std::chrono::nanoseconds loss_timeout)
    : info_(info), loss_timeout_(loss_timeout) {}

void FrameSynchronizer::set_slate(BufferPtr slate) {
  std::lock_guard lock(mutex_);
  slate_ = std::move(slate);
}

void FrameSynchronizer::push(GstBuffer* frame) {
  std::lock_guard lock(mutex_);
  queue_.push_back(ref_buffer(frame));
  // Bounded even when nobody takes frames (before the programme starts ticking).
  while (queue_.size() > kMaxBacklog) {
    queue_.pop_front();
    ++counters_.frames_dropped;
  }
  last_arrival_ = Clock::now();
  ++counters_.frames_in;
}

void FrameSynchronizer::note_source_data() {
  last_source_data_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
}

void FrameSynchronizer::watch_source(bool watch) {
  note_source_data();
  watch_source_.store(watch);
}

void FrameSynchronizer::input_gone() {
  watch_source_.store(false);
  std::lock_guard lock(mutex_);
  counters_.frames_dropped += queue_.size();
  queue_.clear();
  on_air_.reset();
}

bool FrameSynchronizer::fill(GstVideoFrame& out) {
  BufferPtr picture;
  bool live = true;
  const auto now = Clock::now();
  const bool source_silent =
      watch_source_.load() &&
      now - Clock::time_point(Clock::duration(last_source_data_.load(std::memory_order_relaxed))) > loss_timeout_;
  {
    std::lock_guard lock(mutex_);
    if (source_silent) {
      // What is still queued is the past of a feed that has gone: do not play it out late.
      counters_.frames_dropped += queue_.size();
      queue_.clear();
      on_air_.reset();
    }
    while (queue_.size() > kMaxQueued) {
      queue_.pop_front();
      ++counters_.frames_dropped;
    }
    if (!queue_.empty()) {
      on_air_ = std::move(queue_.front());
      queue_.pop_front();
      picture = ref_buffer(on_air_.get());
    } else if (on_air_ && now - last_arrival_ < loss_timeout_) {
      picture = ref_buffer(on_air_.get());
      ++counters_.frames_duplicated;
    } else {
      on_air_.reset();
      live = false;
      ++counters_.frames_slate;
      if (slate_) picture = ref_buffer(slate_.get());
    }
    if (picture) shown_ = ref_buffer(picture.get());
  }
  // Copy outside the lock: the input thread must never wait for a frame copy.
  if (picture) copy_frame(picture.get(), info_, out);
  return live;
}

BufferPtr FrameSynchronizer::last_picture() const {
  std::lock_guard lock(mutex_);
  return shown_ ? ref_buffer(shown_.get()) : nullptr;
}

FrameCounters FrameSynchronizer::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

FrameSynchronizer::Clock::time_point FrameSynchronizer::last_arrival() const {
  std::lock_guard lock(mutex_);
  return last_arrival_;
}

}  // namespace votercast::media::pipeline
