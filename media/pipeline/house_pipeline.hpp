#pragma once
// The programme itself, paced by the house clock: a live video and audio generator whose
// every buffer is filled from the frame synchronizer (input or slate), then the graphics,
// then one H.264 and one AAC encoder for all outputs and the control-room preview.
//
//   videotestsrc is-live (house clock) ─[fill: input|slate]─[graphics]─ tee
//       tee ─ queue leaky ─ x264enc ─ h264parse ─ appsink → EncodedFanout → outputs
//       tee ─ queue leaky ─ videorate ─ videoscale ─ jpegenc ─ appsink → PreviewFeed
//   audiotestsrc is-live (house clock) ─[fill: input audio|silence, + caller]─ queue ─ audioconvert
//       ─ voaacenc ─ aacparse ─ appsink → EncodedFanout → outputs
//
// While one is being built again after a failure, SlateStandby runs another with nothing
// but the slate and silence to fill it.
#include <gst/gst.h>
#include <gst/video/video.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "media/pipeline/audio_fifo.hpp"
#include "media/pipeline/audio_level.hpp"
#include "media/pipeline/blend_stats.hpp"
#include "media/pipeline/encoded_fanout.hpp"
#include "media/pipeline/frame_synchronizer.hpp"
#include "media/pipeline/gst_handles.hpp"
#include "media/pipeline/preview_feed.hpp"
#include "media/sound_insert.hpp"
#include "media/video_frame.hpp"

namespace votercast::media::pipeline {

struct HouseSettings {
  GstVideoInfo video;  // I420, programme size and rate
  int video_bitrate_kbps = 6000;
  int audio_bitrate_kbps = 128;
  int preview_width = 640;
  int preview_height = 360;
  int preview_fps = 10;
  // Without outputs nothing is encoded: x264 alone costs a third of a core at 1080p25.
  bool encode = true;
};

class HousePipeline {
 public:
  // The referenced parts outlive this object (its streaming threads call them). Its encoded
  // frames reach the outputs from its first keyframe on, until a house built after it takes
  // over (EncodedFanout::Feed).
  HousePipeline(const HouseSettings& settings, FrameSynchronizer& frames, AudioFifo& audio, PreviewFeed& preview,
                EncodedFanout& outputs);
  ~HousePipeline();
  HousePipeline(const HousePipeline&) = delete;
  HousePipeline& operator=(const HousePipeline&) = delete;

  // Negotiates and opens the encoders without making a frame (live sources wait for
  // PLAYING), so that start() delivers at once. Throws std::runtime_error if refused.
  void get_ready();
  void start();
  GstBus* bus() const { return bus_.get(); }
  // What it makes is on air: its frames are what the outputs receive (without outputs, once
  // it has made a frame, which the preview shows).
  bool on_air() const;

  // Takes effect from the next programme frame.
  void set_overlay(std::shared_ptr<FrameOverlay> overlay);
  // Takes effect from the next 20 ms of programme sound; empty: none.
  void set_sound_insert(SoundInsert insert);
  // The programme's sound as it goes to air (the insert included), over the last 100 ms.
  AudioLevel audio_level() const;
  // The newest programme frame as it went to air (graphics included); null before the first.
  BufferPtr latest_frame() const;
  // The latest programme picture without graphics (the input or the slate).
  BufferPtr latest_clean_frame() const { return frames_.last_picture(); }
  // Asks the encoder for a keyframe now, e.g. for an output that just joined.
  void request_keyframe();
  // Fails as an element would (Programme::simulate_programme_failure): an error on the bus,
  // and from then on nothing more reaches the outputs or the preview.
  void post_error(const std::string& why);

  std::uint64_t frames_out() const { return frames_out_.load(); }
  std::uint64_t frames_encoded() const { return frames_encoded_.load(); }
  std::uint64_t preview_frames() const { return preview_frames_.load(); }
  bool showing_input() const { return showing_input_.load(); }
  BlendStats::Summary blend_last_second() const;

 private:
  void on_programme_frame(GstPadProbeInfo* info);
  void on_programme_audio(GstPadProbeInfo* info);
  void attach_callbacks();
  TimedSample on_timeline(GstSample* sample) const;

  HouseSettings settings_;
  FrameSynchronizer& frames_;
  AudioFifo& audio_;
  PreviewFeed& preview_;
  EncodedFanout& outputs_;
  const std::shared_ptr<EncodedFanout::Feed> feed_;
  PipelinePtr pipeline_;
  BusPtr bus_;
  ElementPtr encoder_;

  mutable std::mutex overlay_mutex_;
  std::shared_ptr<FrameOverlay> overlay_;
  mutable std::mutex sound_mutex_;
  SoundInsert sound_insert_;
  AudioLevelMeter audio_level_;  // guarded by sound_mutex_
  mutable std::mutex latest_mutex_;
  BufferPtr latest_;
  BlendStats blend_stats_;
  std::atomic<std::uint64_t> frames_out_{0};
  std::atomic<std::uint64_t> frames_encoded_{0};
  std::atomic<std::uint64_t> preview_frames_{0};
  std::atomic<bool> showing_input_{false};
  std::atomic<bool> failed_{false};  // post_error(): the streaming threads deliver nothing more
};

}  // namespace votercast::media::pipeline
