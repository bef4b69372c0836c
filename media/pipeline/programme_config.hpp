#pragma once
// How a Programme is set up. Strings are parsed at start(); a bad one is a clear exception.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace votercast::media {

struct ProgrammeConfig {
  // test | file path | URI (file://, http(s)://, rtsp://, srt://host:port) |
  // srt://HOST:PORT?mode=listener | decklink:N   (see media/pipeline/input_spec.hpp)
  std::string input = "test";

  // The programme format; everything that goes to air is converted to it.
  int width = 1920;
  int height = 1080;
  int fps = 25;

  // Shown while the input is lost; empty: a card saying "Tín hiệu tạm gián đoạn".
  std::string slate_image;

  // rtmp://… | srt://… | file:PATH.mkv|mp4|ts | hls:DIR  (see media/pipeline/output_spec.hpp)
  std::vector<std::string> outputs;

  int video_bitrate_kbps = 0;  // 0: chosen from the frame size (6000 at 1080p)
  int audio_bitrate_kbps = 128;

  // The control-room preview (MJPEG frames).
  int preview_width = 640;
  int preview_height = 360;
  int preview_fps = 10;

  // No input frame for this long: the slate goes to air.
  std::chrono::milliseconds input_loss_timeout{500};
  // An input that was live and then went silent this long is torn down and re-created.
  std::chrono::milliseconds input_stall_restart{3000};
  // start() gives up (and throws) if the input has delivered no frame by then.
  std::chrono::milliseconds start_timeout{10000};
  // stop() waits at most this long for recordings to be finalized.
  std::chrono::milliseconds finalize_timeout{5000};

  // Where the programme reports what happens (restarts, output failures). Called from the
  // programme's own threads; empty: standard error.
  std::function<void(std::string_view)> log;
};

}  // namespace votercast::media
