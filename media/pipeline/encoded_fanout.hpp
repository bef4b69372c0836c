#pragma once
// One encoder, many outputs: every encoded buffer is handed to each output's own pipeline.
// Outputs join and leave while the programme runs; a push never blocks the encoder.
#include <gst/gst.h>

#include <memory>
#include <mutex>
#include <vector>

namespace votercast::media::pipeline {

class OutputPipeline;

class EncodedFanout {
 public:
  void add(std::shared_ptr<OutputPipeline> output);
  // Once this returns, output receives nothing more.
  void remove(const OutputPipeline* output);

  // The encoders' streaming threads.
  void push_video(GstSample* sample);
  void push_audio(GstSample* sample);

 private:
  std::mutex mutex_;
  std::vector<std::shared_ptr<OutputPipeline>> outputs_;
};

}  // namespace votercast::media::pipeline
