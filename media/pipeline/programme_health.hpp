#pragma once
// A snapshot of how the programme is doing, for the control room and /metrics.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace votercast::media {

enum class InputState {
  starting,  // no frame yet since start (an SRT listener waiting for its caller stays here)
  live,      // input frames are going to air
  lost,      // the input had been live and stopped: the slate is on air
};

enum class OutputState {
  starting,  // connecting / waiting for the first keyframe
  running,   // data is flowing
  stalled,   // connected, but nothing could be sent for over 2 s (the receiver is not reading)
  failed,    // stopped with an error; a restart is scheduled (see restarts, last_error)
  stopped,   // finalized by stop()
};

struct OutputHealth {
  std::string spec;
  OutputState state = OutputState::starting;
  double bitrate_kbps = 0;  // audio + video payload handed to the muxer over the last second
  std::uint64_t restarts = 0;
  std::string last_error;
};

struct ProgrammeHealth {
  bool running = false;
  std::chrono::milliseconds uptime{0};

  InputState input_state = InputState::starting;
  std::uint64_t input_restarts = 0;
  std::string input_last_error;

  std::uint64_t frames_in = 0;          // delivered by the input
  std::uint64_t frames_out = 0;         // programme frames (house clock), slate included
  std::uint64_t frames_dropped = 0;     // input frames that never went to air
  std::uint64_t frames_duplicated = 0;  // programme frames that repeated an input frame
  std::uint64_t frames_slate = 0;       // programme frames that showed the slate (standby's included)
  std::uint64_t frames_standby = 0;     // of those, made by the standby while the pipeline was rebuilt
  std::uint64_t frames_encoded = 0;     // H.264 frames out of the encoder (0 without outputs: none runs)
  std::uint64_t audio_underruns = 0;    // the input's audio ran dry and silence was inserted
  // The programme's sound as it goes to air, over the last 100 ms, in dBFS (-100: silence).
  double audio_peak_db = -100;
  double audio_rms_db = -100;
  std::uint64_t preview_frames = 0;

  // FrameOverlay::blend per programme frame over the last second (0 without an overlay).
  double blend_avg_ms = 0;
  double blend_max_ms = 0;

  std::vector<OutputHealth> outputs;
  std::string programme_error;      // the last failure of the programme pipeline itself
  std::uint64_t programme_restarts = 0;  // times it was built again after one
  bool programme_restarting = false;     // failed and not yet back: the standby fills in meanwhile
  bool standby_on_air = false;           // the slate and silence from the standby go to the outputs
};

constexpr std::string_view to_string(InputState state) {
  switch (state) {
    case InputState::starting: return "starting";
    case InputState::live: return "live";
    case InputState::lost: return "lost";
  }
  return "unknown";
}

constexpr std::string_view to_string(OutputState state) {
  switch (state) {
    case OutputState::starting: return "starting";
    case OutputState::running: return "running";
    case OutputState::stalled: return "stalled";
    case OutputState::failed: return "failed";
    case OutputState::stopped: return "stopped";
  }
  return "unknown";
}

}  // namespace votercast::media
