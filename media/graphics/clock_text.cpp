#include "media/graphics/clock_text.hpp"

#include <ctime>

namespace votercast::media::graphics {

std::string clock_text(std::chrono::system_clock::time_point now) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[8];
  std::strftime(text, sizeof text, "%H:%M", &local);
  return text;
}

}  // namespace votercast::media::graphics
