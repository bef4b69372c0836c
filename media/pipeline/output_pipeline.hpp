#pragma once
// One programme output in a pipeline of its own (appsrc → parse → mux → sink), so a dead
// RTMP server or a full disk can only ever stop that output: its errors are on its own bus
// and its appsrcs leak instead of pushing back on the shared encoder.
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "media/pipeline/gst_handles.hpp"
#include "media/pipeline/output_spec.hpp"
#include "media/pipeline/timed_sample.hpp"

namespace votercast::media::pipeline {

class OutputPipeline {
 public:
  // target: the URL, file or directory to write (a restarted recording gets a new name).
  // Throws std::runtime_error saying why if it cannot be built (the caller names the output).
  OutputPipeline(const OutputSpec& spec, const std::string& target, int video_bitrate_kbps);
  ~OutputPipeline();
  OutputPipeline(const OutputPipeline&) = delete;
  OutputPipeline& operator=(const OutputPipeline&) = delete;

  // Throws std::runtime_error with GStreamer's reason when the sink refuses to start.
  void start();
  GstBus* bus() const { return bus_.get(); }
  GstElement* element() const { return pipeline_.get(); }

  // The encoders' threads, samples on the programme timeline (never going back). The output
  // begins at the next keyframe, with its own timestamps starting at zero, so a restarted
  // output is a clean stream of its own.
  void push_video(const TimedSample& sample);
  void push_audio(const TimedSample& sample);

  // Ends the stream; the muxer then finishes the file (moov, cues, ENDLIST).
  void end_stream();
  // Waits for end_stream() to reach the sink, until deadline. Returns an empty string on
  // success, else what went wrong.
  std::string wait_until_finished(std::chrono::steady_clock::time_point deadline);

  // Payload bytes that left the appsrcs since the last call.
  std::uint64_t take_bytes() { return bytes_.exchange(0); }

 private:
  struct Feed {
    GstAppSrc* source = nullptr;  // owned by the pipeline
    CapsPtr caps;                 // what the appsrc was last told
  };
  void push(Feed& feed, const TimedSample& sample, GstClockTime origin);
  void count_bytes(GstElement* source);

  PipelinePtr pipeline_;
  BusPtr bus_;
  Feed video_;
  Feed audio_;
  std::atomic<GstClockTime> origin_{GST_CLOCK_TIME_NONE};  // programme time of our first keyframe
  std::atomic<std::uint64_t> bytes_{0};
};

}  // namespace votercast::media::pipeline
