#pragma once
// Reads a recording back through a real GStreamer decode: for every video frame its
// timestamp and the colour at a row of points, for every audio buffer its timestamp,
// length and loudest sample. Enough to tell the slate from the input, and sound from silence.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace votercast::media::test {

struct Yuv {
  int y = 0, u = 0, v = 0;
};

struct DecodedFrame {
  std::int64_t pts_ns = 0;  // running time as the decoder delivered it
  // Across the frame at a third of its height (above the test pattern's clock), left to right.
  std::array<Yuv, 8> row;
};

struct DecodedAudio {
  std::int64_t pts_ns = 0;
  std::int64_t duration_ns = 0;
  int peak = 0;  // loudest sample, S16
};

struct DecodedRecording {
  bool finished = false;  // the decode reached the end without an error
  std::string error;
  std::vector<DecodedFrame> video;
  std::vector<DecodedAudio> audio;
};

DecodedRecording decode_recording(const std::filesystem::path& file);

}  // namespace votercast::media::test
