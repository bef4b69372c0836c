#include "media/pipeline/encoded_fanout.hpp"

#include <algorithm>

#include "media/pipeline/output_pipeline.hpp"

namespace votercast::media::pipeline {

void EncodedFanout::add(std::shared_ptr<OutputPipeline> output) {
  std::lock_guard lock(mutex_);
  outputs_.push_back(std::move(output));
}

void EncodedFanout::remove(const OutputPipeline* output) {
  std::lock_guard lock(mutex_);
  std::erase_if(outputs_, [&](const auto& candidate) { return candidate.get() == output; });
}

// Pushing under the lock is cheap (appsrc only queues, and leaks when full) and makes
// remove() a clean cut.
void EncodedFanout::push_video(GstSample* sample) {
  std::lock_guard lock(mutex_);
  for (const auto& output : outputs_) output->push_video(sample);
}

void EncodedFanout::push_audio(GstSample* sample) {
  std::lock_guard lock(mutex_);
  for (const auto& output : outputs_) output->push_audio(sample);
}

}  // namespace votercast::media::pipeline
