#include "media/pipeline/encoded_fanout.hpp"

#include <algorithm>

#include "media/pipeline/output_pipeline.hpp"

namespace votercast::media::pipeline {
namespace {

// AAC frames are stamped from sample counts: consecutive ones may be a nanosecond apart.
constexpr GstClockTime kAudioSlack = GST_MSECOND;
// A second of AAC frames: far more than an encoder takes to start.
constexpr std::size_t kMaxWaitingAudio = 48;

TimedSample shifted(const TimedSample& sample, GstClockTime shift) {
  TimedSample result = sample;
  if (GST_CLOCK_TIME_IS_VALID(result.pts)) result.pts += shift;
  if (GST_CLOCK_TIME_IS_VALID(result.dts)) result.dts += shift;
  return result;
}

}  // namespace

std::shared_ptr<EncodedFanout::Feed> EncodedFanout::open_feed() {
  std::lock_guard lock(mutex_);
  return std::shared_ptr<Feed>(new Feed(++feeds_opened_));
}

void EncodedFanout::add(std::shared_ptr<OutputPipeline> output) {
  std::lock_guard lock(mutex_);
  outputs_.push_back(std::move(output));
}

void EncodedFanout::remove(const OutputPipeline* output) {
  std::lock_guard lock(mutex_);
  std::erase_if(outputs_, [&](const auto& candidate) { return candidate.get() == output; });
}

void EncodedFanout::take_over(Feed& feed, const TimedSample& keyframe) {
  const GstClockTime frame =
      GST_BUFFER_DURATION_IS_VALID(keyframe.buffer) ? GST_BUFFER_DURATION(keyframe.buffer) : GST_MSECOND;
  // The feed before went on while this one's encoder started, or stopped less than a frame
  // before this keyframe: carry on one frame later. A keyframe a fraction of a millisecond
  // after the last frame would share its timestamp in FLV (RTMP counts milliseconds).
  if (GST_CLOCK_TIME_IS_VALID(last_video_pts_) && keyframe.pts < last_video_pts_ + frame) {
    feed.shift_ = last_video_pts_ + frame - keyframe.pts;
  }
  on_air_.store(feed.order_);
  for (const auto& waiting : feed.waiting_audio_) {
    send_audio(feed, {waiting.buffer.get(), waiting.caps.get(), waiting.pts, waiting.dts});
  }
  feed.waiting_audio_.clear();
}

// Pushing under the lock is cheap (appsrc only queues, and leaks when full) and makes
// remove() and a change of feed a clean cut.
void EncodedFanout::push_video(Feed& feed, const TimedSample& sample) {
  std::lock_guard lock(mutex_);
  if (!GST_CLOCK_TIME_IS_VALID(sample.pts)) return;
  if (feed.order_ != on_air_.load()) {
    const bool keyframe = !GST_BUFFER_FLAG_IS_SET(sample.buffer, GST_BUFFER_FLAG_DELTA_UNIT);
    // An older feed never comes back, and a decoder can only switch at a keyframe.
    if (feed.order_ < on_air_.load() || !keyframe) return;
    take_over(feed, sample);
  }
  const TimedSample timed = shifted(sample, feed.shift_);
  if (GST_CLOCK_TIME_IS_VALID(last_video_pts_) && timed.pts <= last_video_pts_) return;
  last_video_pts_ = timed.pts;
  for (const auto& output : outputs_) output->push_video(timed);
}

void EncodedFanout::push_audio(Feed& feed, const TimedSample& sample) {
  std::lock_guard lock(mutex_);
  if (feed.order_ < on_air_.load() || !GST_CLOCK_TIME_IS_VALID(sample.pts)) return;
  if (feed.order_ > on_air_.load()) {
    feed.waiting_audio_.push_back({ref_buffer(sample.buffer), CapsPtr(sample.caps ? gst_caps_ref(sample.caps) : nullptr),
                                   sample.pts, sample.dts});
    if (feed.waiting_audio_.size() > kMaxWaitingAudio) feed.waiting_audio_.pop_front();
    return;
  }
  send_audio(feed, sample);
}

void EncodedFanout::send_audio(const Feed& feed, const TimedSample& sample) {
  const TimedSample timed = shifted(sample, feed.shift_);
  // At a change of feed an AAC frame that would overlap what was sent is left out whole.
  if (GST_CLOCK_TIME_IS_VALID(audio_end_) && timed.pts + kAudioSlack < audio_end_) return;
  audio_end_ = timed.pts + (GST_BUFFER_DURATION_IS_VALID(sample.buffer) ? GST_BUFFER_DURATION(sample.buffer) : 0);
  for (const auto& output : outputs_) output->push_audio(timed);
}

}  // namespace votercast::media::pipeline
