#pragma once
// The programme's input in a pipeline of its own: decode, convert to the programme format
// and hand frames and samples to the synchronizers. It can fail, end or be torn down and
// re-created while the programme (slate, encoders, outputs) keeps running.
#include <gst/gst.h>
#include <gst/video/video.h>

#include <string>
#include <vector>

#include "media/pipeline/audio_fifo.hpp"
#include "media/pipeline/frame_synchronizer.hpp"
#include "media/pipeline/gst_handles.hpp"
#include "media/pipeline/input_spec.hpp"

namespace votercast::media::pipeline {

// Every input's audio is converted to this for the house audio path.
inline constexpr int kAudioRate = 48000;
inline constexpr int kAudioChannels = 2;
// The house audio clock's buffer: 20 ms. Short, because the jitter buffer must hold at least
// one of them and that is the delay sound gets over picture.
inline constexpr int kAudioChunkFrames = kAudioRate / 50;

class InputPipeline {
 public:
  // programme: the I420 size and rate everything is converted to. Throws std::runtime_error
  // (naming the input) when it cannot be built, e.g. a DeckLink without its driver.
  InputPipeline(const InputSpec& spec, const GstVideoInfo& programme, FrameSynchronizer& frames, AudioFifo& audio);
  ~InputPipeline();
  InputPipeline(const InputPipeline&) = delete;
  InputPipeline& operator=(const InputPipeline&) = delete;

  // Sets the pipeline playing; throws std::runtime_error with GStreamer's reason if refused.
  void start();

  GstBus* bus() const { return bus_.get(); }
  const InputSpec& spec() const { return spec_; }

 private:
  void build_test_source();
  void build_uri_source();
  void build_decklink_source();
  // Appends the conversion chain that ends in our appsink; returns its first element.
  GstElement* add_video_chain();
  GstElement* add_audio_chain();
  void on_decoded_pad(GstPad* pad);
  void drop_unused_audio_chain();
  void watch_source_pads(GstElement* source);

  const InputSpec spec_;
  GstVideoInfo programme_;
  FrameSynchronizer& frames_;
  AudioFifo& audio_;
  PipelinePtr pipeline_;
  BusPtr bus_;
  GstElement* video_entry_ = nullptr;  // where a decoded video pad links (uri inputs)
  GstElement* audio_entry_ = nullptr;
  std::vector<GstElement*> audio_chain_;  // owned by the pipeline
  bool source_is_live_ = false;
  bool video_linked_ = false;
  bool audio_linked_ = false;
};

}  // namespace votercast::media::pipeline
