#pragma once
// The browser's side of a video call, built from GStreamer for the tests: a second
// webrtcbin that offers sendrecv audio (a sine tone) and sendonly video (a test pattern
// stamped with a QR code of each frame's number), and decodes the return audio it gets.
// Host candidates on 127.0.0.1 only.
#include <gst/gst.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "media/pipeline/gst_handles.hpp"

namespace votercast::media::call::test {

struct TestCallerSettings {
  int width = 640;
  int height = 480;
  int fps = 25;
  double tone_hz = 1000.0;
  bool h264 = false;  // H.264 (x264) instead of VP8, as a browser without VP8 would offer
};

class TestCaller {
 public:
  // Called on webrtcbin's thread: the offer once, then each local candidate.
  struct Signals {
    std::function<void(const std::string& offer)> on_offer;
    std::function<void(unsigned mline_index, const std::string& candidate)> on_ice_candidate;
    // Optional, on the video streaming thread: each frame as soon as it carries its QR code,
    // with the BUFFERCOUNT the code holds (1 for the first frame), for latency figures.
    std::function<void(std::uint64_t buffer_count)> on_frame_stamped;
  };

  TestCaller(const TestCallerSettings& settings, Signals signals);
  ~TestCaller();
  TestCaller(const TestCaller&) = delete;
  TestCaller& operator=(const TestCaller&) = delete;

  // Plays: webrtcbin asks for negotiation and the offer follows.
  void start();
  void set_answer(const std::string& sdp);
  void add_ice_candidate(unsigned mline_index, const std::string& candidate);
  // The caller vanishes: the whole pipeline to NULL, no goodbye.
  void stop();

  // The return audio received so far (mono S16 at 48 kHz, the last few seconds).
  std::vector<std::int16_t> received_audio() const;
  std::string error() const;

 private:
  void on_offer_created(GstPromise* promise);
  void on_incoming_pad(GstPad* pad);

  const Signals signals_;
  std::uint64_t frames_stamped_ = 0;  // the video streaming thread's only
  pipeline::PipelinePtr pipeline_;
  GstElement* webrtc_ = nullptr;
  mutable std::mutex mutex_;
  std::vector<std::int16_t> received_;
  std::string error_;
};

}  // namespace votercast::media::call::test
