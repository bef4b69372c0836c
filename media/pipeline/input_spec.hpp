#pragma once
// What the operator typed as the programme's input, parsed once and checked early.
//   test                              moving test pattern, burnt-in clock, 1 kHz tone
//   file:///… http(s)://… rtsp://…    anything GStreamer's uridecodebin can open
//   srt://HOST:PORT                   SRT caller (we dial the encoder)
//   srt://HOST:PORT?mode=listener     SRT listener (the encoder dials us; HOST may be empty
//                                     to bind all interfaces, e.g. srt://:9000?mode=listener)
//   decklink:N                        Blackmagic SDI card N (needs Desktop Video installed)
//   /path/to/file.mp4                 shorthand for file:///path/to/file.mp4
#include <string>
#include <string_view>

namespace votercast::media::pipeline {

struct InputSpec {
  enum class Kind { test, uri, srt_listener, decklink };
  Kind kind = Kind::test;
  std::string uri;      // uri and srt_listener
  int device = 0;       // decklink
  std::string text;     // as given, for messages
};

// Throws std::invalid_argument with a message naming the input.
InputSpec parse_input_spec(std::string_view text);

}  // namespace votercast::media::pipeline
