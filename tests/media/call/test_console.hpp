#pragma once
// The screener's console browser, built from GStreamer for the tests: a second webrtcbin
// that answers the ScreenerLink's offer, decodes the caller's picture (at the size it
// comes, reading the QR code stamped into it) and voice, and sends a sine tone of its own
// as talk-back on the audio transceiver, as the console page sends its microphone.
// Host candidates on 127.0.0.1 only.
#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "media/call/caller_link.hpp"
#include "media/pipeline/gst_handles.hpp"

namespace votercast::media::call::test {

struct TestConsoleSettings {
  double tone_hz = 600.0;  // the screener's voice
  bool read_qr_codes = false;  // read each picture's QR code (zbar: a few ms a picture)
};

// A picture's QR number and when the console had it decoded.
struct ConsolePicture {
  long number;
  std::chrono::steady_clock::time_point decoded;
};

class TestConsole {
 public:
  // Called on webrtcbin's thread: the answer once, then each local candidate.
  struct Signals {
    std::function<void(const std::string& answer)> on_answer;
    std::function<void(unsigned mline_index, const std::string& candidate)> on_ice_candidate;
  };

  TestConsole(const TestConsoleSettings& settings, Signals signals);
  ~TestConsole();
  TestConsole(const TestConsole&) = delete;
  TestConsole& operator=(const TestConsole&) = delete;

  // Takes the offer and starts playing; the answer follows through on_answer.
  void set_offer(const std::string& sdp);
  void add_ice_candidate(unsigned mline_index, const std::string& candidate);
  // The console vanishes: the whole pipeline to NULL, no goodbye.
  void stop();

  // Starts or stops reading QR codes (the settings' read_qr_codes at first).
  void read_qr_codes(bool on) { read_qr_codes_ = on; }
  std::uint64_t pictures() const;
  // The newest picture as decoded (its own size), null before the first.
  std::shared_ptr<const CallerFrame> latest_picture() const;
  // The QR numbers read so far (with read_qr_codes), in the order decoded.
  std::vector<ConsolePicture> read_pictures() const;
  // VP8 frames received so far, and which of them (1 for the first) were key frames.
  std::uint64_t frames_received() const;
  std::vector<std::uint64_t> key_frames() const;
  // The SSRCs the link's streams came with: what a browser matches against the offer's
  // a=ssrc lines.
  std::vector<std::uint32_t> ssrcs_received() const;
  // Asks the link for a key frame, as a browser does when a picture cannot be decoded:
  // webrtcbin's RTP session turns the request into an RTCP PLI.
  void request_key_frame();
  // The caller's voice received so far (mono S16 at 48 kHz, the last few seconds).
  std::vector<std::int16_t> received_audio() const;
  std::string error() const;

 private:
  void on_answer_created(GstPromise* promise);
  void on_incoming_pad(GstPad* pad);
  void on_picture(GstSample* sample);
  void on_sound(GstSample* sample);

  const Signals signals_;
  std::atomic<bool> read_qr_codes_;
  pipeline::PipelinePtr pipeline_;
  GstElement* webrtc_ = nullptr;
  GstElement* talk_payloader_ = nullptr;
  mutable std::mutex mutex_;
  GstElement* video_sink_ = nullptr;  // once the video arrives
  std::vector<std::uint32_t> ssrcs_;
  std::uint64_t frames_ = 0;
  std::vector<std::uint64_t> key_frames_;
  std::uint64_t pictures_ = 0;
  std::shared_ptr<const CallerFrame> latest_;
  std::vector<ConsolePicture> read_;
  std::vector<std::int16_t> received_;
  std::string error_;
};

}  // namespace votercast::media::call::test
