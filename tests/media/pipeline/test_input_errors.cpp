// An input that cannot start is a clear, quick error that names it, and leaves nothing running.
#include <gtest/gtest.h>

#include "programme_fixture.hpp"

namespace votercast::media::test {
namespace {

// Starts a programme on input and returns what start() threw (empty if it did not throw).
std::string start_error(const std::string& input, std::chrono::milliseconds start_timeout,
                        std::chrono::steady_clock::duration& took) {
  ProgrammeConfig config = small_programme();
  config.input = input;
  config.start_timeout = start_timeout;
  Programme programme(config);
  const auto began = std::chrono::steady_clock::now();
  std::string message;
  try {
    programme.start();
  } catch (const std::exception& error) {
    message = error.what();
  }
  took = std::chrono::steady_clock::now() - began;
  EXPECT_FALSE(programme.running());
  EXPECT_FALSE(programme.health().running);
  return message;
}

TEST(InputErrors, MissingFileFailsAtOnceNamingTheInput) {
  std::chrono::steady_clock::duration took{};
  const std::string error = start_error("file:///nonexistent/votercast/clip.mp4", 10s, took);
  EXPECT_NE(error.find("input 'file:///nonexistent/votercast/clip.mp4' failed to start"), std::string::npos) << error;
  EXPECT_NE(error.find("not"), std::string::npos) << "GStreamer's reason (resource not found)";
  EXPECT_LT(took, 3s);
}

TEST(InputErrors, UnreachableServerFailsQuickly) {
  const int port = free_loopback_port(Transport::tcp);  // nothing listens there
  const std::string input = "http://127.0.0.1:" + std::to_string(port) + "/live.ts";
  std::chrono::steady_clock::duration took{};
  const std::string error = start_error(input, 10s, took);
  EXPECT_NE(error.find("input '" + input + "' failed to start"), std::string::npos) << error;
  EXPECT_LT(took, 5s);
}

TEST(InputErrors, SilentSrtCallerGivesUpAtTheStartTimeout) {
  // srtsrc keeps trying to connect, so only the bounded wait ends it.
  const int port = free_loopback_port(Transport::udp);
  const std::string input = "srt://127.0.0.1:" + std::to_string(port);
  std::chrono::steady_clock::duration took{};
  const std::string error = start_error(input, 2s, took);
  EXPECT_NE(error.find("input '" + input + "' failed to start"), std::string::npos) << error;
  EXPECT_GE(took, 1900ms);
  EXPECT_LT(took, 6s);
}

TEST(InputErrors, DeckLinkWithoutTheDriverSaysSo) {
  std::chrono::steady_clock::duration took{};
  const std::string error = start_error("decklink:0", 10s, took);
  EXPECT_NE(error.find("input 'decklink:0'"), std::string::npos) << error;
  EXPECT_NE(error.find("Desktop Video"), std::string::npos) << error;
  EXPECT_LT(took, 2s);
}

TEST(InputErrors, UnknownSchemeIsAConfigurationError) {
  ProgrammeConfig config = small_programme();
  config.input = "carrier-pigeon://loft/7";
  Programme programme(config);
  EXPECT_THROW(programme.start(), std::invalid_argument);
  EXPECT_FALSE(programme.running());
}

TEST(InputErrors, SrtListenerOnAPortInUseFails) {
  const int port = free_loopback_port(Transport::udp);
  ProgrammeConfig config = small_programme();
  config.input = "srt://127.0.0.1:" + std::to_string(port) + "?mode=listener";
  Programme first(config);
  first.start();
  std::chrono::steady_clock::duration took{};
  const std::string error = start_error(config.input, 10s, took);
  EXPECT_NE(error.find("failed to start"), std::string::npos) << error;
  EXPECT_LT(took, 3s);
}

TEST(InputErrors, AProgrammeStartsAfterAFailedStart) {
  ProgrammeConfig config = small_programme();
  config.input = "file:///nonexistent/votercast/clip.mp4";
  Programme programme(config);
  EXPECT_THROW(programme.start(), std::runtime_error);
  Programme good(small_programme());
  good.start();
  EXPECT_TRUE(wait_for_frames(good, 5, 10s));
}

}  // namespace
}  // namespace votercast::media::test
