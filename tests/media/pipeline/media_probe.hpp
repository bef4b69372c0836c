#pragma once
// Reading back what the programme produced: files through GstDiscoverer, stills through Cairo.
#include <cstdint>
#include <filesystem>
#include <string>

namespace votercast::media::test {

struct MediaInfo {
  bool readable = false;
  std::string error;
  double duration_s = 0;
  int width = 0;
  int height = 0;
  int fps_num = 0;
  int fps_den = 1;
  bool has_video = false;
  bool has_audio = false;
  int audio_rate = 0;
  int audio_channels = 0;
  std::string video_codec;
};

MediaInfo discover(const std::filesystem::path& file);

struct Rgb {
  int r = 0, g = 0, b = 0;
};

class DecodedPng {
 public:
  explicit DecodedPng(const std::string& png);
  bool valid() const { return width_ > 0; }
  int width() const { return width_; }
  int height() const { return height_; }
  Rgb at(int x, int y) const;

 private:
  int width_ = 0;
  int height_ = 0;
  int stride_ = 0;
  std::string pixels_;  // Cairo RGB24 rows
};

// Width and height from a baseline or progressive JPEG's SOF marker; {0,0} if not a JPEG.
std::pair<int, int> jpeg_size(const std::string& jpeg);

// Writes a solid-colour PNG (used as a slate image).
void write_solid_png(const std::filesystem::path& file, int width, int height, Rgb colour);

// Encodes a short H.264 + AAC Matroska clip of a solid colour with GStreamer (no media is
// committed to the repository: tests make what they play).
void write_solid_clip(const std::filesystem::path& file, int width, int height, double seconds, std::uint32_t argb,
                      bool with_audio = true);

// A clip that is black and silent for `before` seconds, then white with a 1 kHz tone for
// `after` seconds (H.264 and PCM in Matroska): a clapperboard for lip sync.
void write_step_clip(const std::filesystem::path& file, int width, int height, double before, double after);

struct Onsets {
  double video_s = -1;  // running time of the first bright frame (centre luma > 128)
  double audio_s = -1;  // running time of the first loud sample (|s| > 1/10 of full scale)
};
// Decodes a whole file and finds where picture and sound turn on.
Onsets find_onsets(const std::filesystem::path& file);

}  // namespace votercast::media::test
