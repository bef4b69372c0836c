#include "signal_checks.hpp"

#include <cmath>
#include <cstring>
#include <numbers>
#include <regex>
#include <thread>

#include "qr_codes.hpp"

namespace votercast::media::call::test {

double tone_power(std::span<const std::int16_t> samples, int rate, double hz) {
  if (samples.empty()) return 0;
  const double coefficient = 2 * std::cos(2 * std::numbers::pi * hz / rate);
  double previous = 0, before = 0;
  for (const std::int16_t sample : samples) {
    const double current = sample / 32768.0 + coefficient * previous - before;
    before = previous;
    previous = current;
  }
  const double power = previous * previous + before * before - coefficient * previous * before;
  const double n = static_cast<double>(samples.size());
  return power / (n * n);
}

double rms_dbfs(std::span<const std::int16_t> samples) {
  if (samples.empty()) return -100;
  double sum = 0;
  for (const std::int16_t sample : samples) sum += static_cast<double>(sample) * sample;
  const double rms = std::sqrt(sum / static_cast<double>(samples.size()));
  return rms <= 0 ? -100 : 20 * std::log10(rms / 32768.0);
}

std::vector<std::int16_t> pull_paced(CallerLink& link, std::chrono::milliseconds duration) {
  std::vector<std::int16_t> left;
  std::vector<std::int16_t> chunk(48000 / 50 * 2);
  auto next = std::chrono::steady_clock::now();
  for (auto pulled = std::chrono::milliseconds(0); pulled < duration; pulled += std::chrono::milliseconds(20)) {
    link.pull_audio(chunk);
    const std::vector<std::int16_t> chunk_left = left_channel(chunk);
    left.insert(left.end(), chunk_left.begin(), chunk_left.end());
    next += std::chrono::milliseconds(20);
    std::this_thread::sleep_until(next);
  }
  return left;
}

std::vector<std::int16_t> left_channel(std::span<const std::int16_t> interleaved) {
  std::vector<std::int16_t> left;
  for (std::size_t i = 0; i < interleaved.size(); i += 2) left.push_back(interleaved[i]);
  return left;
}

std::optional<long> qr_frame_number(const CallerFrame& frame) {
  std::vector<unsigned char> luma(static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height));
  for (int row = 0; row < frame.height; ++row) {
    std::memcpy(&luma[static_cast<std::size_t>(row) * static_cast<std::size_t>(frame.width)],
                frame.planes[0] + static_cast<std::ptrdiff_t>(row) * frame.strides[0],
                static_cast<std::size_t>(frame.width));
  }
  static const std::regex count(R"("BUFFERCOUNT"\s*:\s*(\d+))");
  for (const std::string& code : qr_codes_in_grey(luma.data(), frame.width, frame.height)) {
    std::smatch match;
    if (std::regex_search(code, match, count)) return std::stol(match[1].str());
  }
  return std::nullopt;
}

}  // namespace votercast::media::call::test
