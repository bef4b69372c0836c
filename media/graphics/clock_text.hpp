#pragma once
// The bug's clock: "HH:MM" in the machine's local time zone.
#include <chrono>
#include <string>

namespace votercast::media::graphics {

std::string clock_text(std::chrono::system_clock::time_point now);

}  // namespace votercast::media::graphics
