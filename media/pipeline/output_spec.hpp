#pragma once
// One programme output as the operator wrote it:
//   rtmp://host/app/key, rtmps://…     H.264 + AAC in FLV, pushed
//   srt://host:port[?mode=listener…]   MPEG-TS over SRT (caller unless the URI says otherwise)
//   file:PATH.mkv | .mp4 | .ts         recording, finalized on stop
//   hls:DIR                            HLS playlist (DIR/index.m3u8) and 2 s segments
#include <string>
#include <string_view>

namespace votercast::media::pipeline {

struct OutputSpec {
  enum class Kind { rtmp, srt, file, hls };
  enum class Container { none, matroska, mp4, mpegts };
  Kind kind = Kind::file;
  Container container = Container::none;  // file only
  std::string target;  // URL, file path or directory
  std::string text;    // as given, for health and messages
};

// Throws std::invalid_argument with a message naming the output.
OutputSpec parse_output_spec(std::string_view text);

}  // namespace votercast::media::pipeline
