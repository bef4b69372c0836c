#pragma once
// One encoder at a time, many outputs: every encoded buffer is handed to each output's own
// pipeline. Outputs join and leave while the programme runs; a push never blocks the encoder.
//
// The encoder is that of an encoding pipeline, and pipelines take turns: when the house
// fails, a standby fills in, then a new house takes over. Each has a Feed. A feed opened
// later goes on air at its first keyframe, and from then on the feeds before it are not
// heard, so the outputs never mix two encoders' frames. All feeds share one timeline (see
// TimedSample); what reaches the outputs never goes back in time on it.
#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "media/pipeline/gst_handles.hpp"
#include "media/pipeline/timed_sample.hpp"

namespace votercast::media::pipeline {

class OutputPipeline;

class EncodedFanout {
 public:
  class Feed {
   public:
    Feed(const Feed&) = delete;
    Feed& operator=(const Feed&) = delete;

   private:
    friend class EncodedFanout;
    explicit Feed(std::uint64_t order) : order_(order) {}
    const std::uint64_t order_;  // feeds opened later have larger numbers
    // The rest under the fanout's mutex.
    // Added to this feed's timestamps when it went on air before the last frame of the feed
    // it replaced (its encoder took longer to deliver its first frame).
    GstClockTime shift_ = 0;
    // Sound that came before the first keyframe (x264 starts slower than AAC): it goes out
    // when the feed goes on air, filling what the feed before left.
    struct WaitingAudio {
      BufferPtr buffer;
      CapsPtr caps;
      GstClockTime pts;
      GstClockTime dts;
    };
    std::deque<WaitingAudio> waiting_audio_;
  };

  // For an encoding pipeline about to start.
  std::shared_ptr<Feed> open_feed();
  // Its frames are what the outputs receive now.
  bool on_air(const Feed& feed) const { return on_air_.load() == feed.order_; }

  void add(std::shared_ptr<OutputPipeline> output);
  // Once this returns, output receives nothing more.
  void remove(const OutputPipeline* output);

  // The encoders' streaming threads.
  void push_video(Feed& feed, const TimedSample& sample);
  void push_audio(Feed& feed, const TimedSample& sample);

 private:
  // Lock held.
  void take_over(Feed& feed, const TimedSample& keyframe);
  void send_audio(const Feed& feed, const TimedSample& sample);

  std::mutex mutex_;
  std::vector<std::shared_ptr<OutputPipeline>> outputs_;
  std::uint64_t feeds_opened_ = 0;
  std::atomic<std::uint64_t> on_air_{0};  // the feed on air (its order); 0: none yet
  GstClockTime last_video_pts_ = GST_CLOCK_TIME_NONE;
  GstClockTime audio_end_ = GST_CLOCK_TIME_NONE;  // where the last audio buffer sent ended
};

}  // namespace votercast::media::pipeline
