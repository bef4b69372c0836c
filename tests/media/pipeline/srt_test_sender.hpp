#pragma once
// A real SRT contribution feed for tests: a second GStreamer pipeline (solid colour, H.264,
// AAC tone, MPEG-TS) calling 127.0.0.1:port, like an encoder in the field would.
#include <cstdint>
#include <memory>

namespace votercast::media::test {

class SrtTestSender {
 public:
  SrtTestSender(int port, std::uint32_t argb);
  ~SrtTestSender();  // stop()
  SrtTestSender(const SrtTestSender&) = delete;
  SrtTestSender& operator=(const SrtTestSender&) = delete;

  // Connects (retrying while the listener is not there yet, up to a few seconds); true if sending.
  bool start();
  // Closes the connection cleanly (SRT shutdown), as an encoder being switched off does.
  void stop();

 private:
  struct Pipeline;
  int port_;
  std::uint32_t argb_;
  std::unique_ptr<Pipeline> pipeline_;
};

}  // namespace votercast::media::test
