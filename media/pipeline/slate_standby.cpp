#include "media/pipeline/slate_standby.hpp"

#include <chrono>

#include "media/pipeline/input_pipeline.hpp"

namespace votercast::media::pipeline {
namespace {

// Nothing ever arrives: every tick is a slate tick, whatever the timeout.
constexpr std::chrono::seconds kNoInput{1};

}  // namespace

SlateStandby::SlateStandby(const HouseSettings& settings, BufferPtr slate, PreviewFeed& preview,
                           EncodedFanout& outputs)
    : slate_only_(settings.video, kNoInput),
      silence_(kAudioChannels, kAudioChunkFrames, 5 * kAudioChunkFrames),
      house_(settings, slate_only_, silence_, preview, outputs) {
  slate_only_.set_slate(std::move(slate));
}

}  // namespace votercast::media::pipeline
