#pragma once
// Where tests may leave pictures of what they drew, for a person to look at: the directory
// in VOTERCAST_SCREENSHOTS, or nowhere.
#include <cstdlib>
#include <string>

namespace votercast::media::graphics::test_support {

// Empty when screenshots are off.
inline std::string screenshot_path(const std::string& name) {
  const char* dir = std::getenv("VOTERCAST_SCREENSHOTS");
  return dir && *dir ? std::string(dir) + "/" + name : std::string();
}

}  // namespace votercast::media::graphics::test_support
