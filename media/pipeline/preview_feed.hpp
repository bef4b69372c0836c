#pragma once
// The latest control-room preview JPEG, handed out without copying and without ever
// making the preview's streaming thread wait for a reader.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace votercast::media::pipeline {

class PreviewFeed {
 public:
  using Jpeg = std::shared_ptr<const std::string>;

  // The streaming thread: stores the frame and wakes waiters.
  void publish(std::string jpeg);
  // Wakes every waiter (they return what they have); called when the programme stops.
  void close();
  void reopen();

  Jpeg latest(std::uint64_t& seq) const;
  // Waits for a frame newer than after_seq; returns null on timeout or close.
  Jpeg wait_newer(std::uint64_t after_seq, std::chrono::milliseconds timeout, std::uint64_t& seq) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  Jpeg latest_;
  std::uint64_t seq_ = 0;
  bool closed_ = false;
};

}  // namespace votercast::media::pipeline
