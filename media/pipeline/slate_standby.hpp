#pragma once
// What goes to air while the house pipeline is being built again after a failure: the
// slate and silence, so that a transmitter or an RTMP server never goes without frames.
// It is a house pipeline of its own whose synchronizer has only the slate and whose sound
// has no input: the same encoders with the same settings, so the outputs see the same
// H.264 and AAC parameters and only a new keyframe where it takes over, and again where
// the new house takes over from it. Made ready (get_ready) long before it is needed, it
// makes its first frame within a couple of milliseconds of start().
#include <cstdint>

#include "media/pipeline/audio_fifo.hpp"
#include "media/pipeline/encoded_fanout.hpp"
#include "media/pipeline/frame_synchronizer.hpp"
#include "media/pipeline/gst_handles.hpp"
#include "media/pipeline/house_pipeline.hpp"
#include "media/pipeline/preview_feed.hpp"

namespace votercast::media::pipeline {

class SlateStandby {
 public:
  // settings: the house's (no graphics are drawn). slate: the programme's slate picture,
  // shared and only read. preview and outputs outlive this object.
  SlateStandby(const HouseSettings& settings, BufferPtr slate, PreviewFeed& preview, EncodedFanout& outputs);
  SlateStandby(const SlateStandby&) = delete;
  SlateStandby& operator=(const SlateStandby&) = delete;

  // Ready to play (negotiated, encoders open) but making nothing; throws std::runtime_error.
  void get_ready() { house_.get_ready(); }
  // Throws std::runtime_error when it cannot start.
  void start() { house_.start(); }
  GstBus* bus() const { return house_.bus(); }
  // Its slate is what the outputs (or, without outputs, the preview) receive now.
  bool on_air() const { return house_.on_air(); }
  void request_keyframe() { house_.request_keyframe(); }
  BufferPtr latest_frame() const { return house_.latest_frame(); }

  std::uint64_t frames_out() const { return house_.frames_out(); }
  std::uint64_t frames_encoded() const { return house_.frames_encoded(); }
  std::uint64_t preview_frames() const { return house_.preview_frames(); }

 private:
  FrameSynchronizer slate_only_;
  AudioFifo silence_;
  HousePipeline house_;  // last: its streaming threads use the two above
};

}  // namespace votercast::media::pipeline
