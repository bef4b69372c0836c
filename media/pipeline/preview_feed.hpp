#pragma once
// The latest control-room preview JPEG, handed out without copying and without ever
// making the preview's streaming thread wait for a reader.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace votercast::media::pipeline {

class PreviewFeed {
 public:
  using Jpeg = std::shared_ptr<const std::string>;
  using Callback = std::function<void(Jpeg, std::uint64_t seq)>;

  // The streaming thread: stores the frame, wakes waiters, calls subscribers.
  void publish(std::string jpeg);
  // Wakes every waiter (they return what they have); called when the programme stops.
  void close();
  void reopen();

  Jpeg latest(std::uint64_t& seq) const;
  // Waits for a frame newer than after_seq; returns null on timeout or close.
  Jpeg wait_newer(std::uint64_t after_seq, std::chrono::milliseconds timeout, std::uint64_t& seq) const;

  struct Subscriber;
  std::shared_ptr<Subscriber> subscribe(Callback callback);
  void unsubscribe(const std::shared_ptr<Subscriber>& subscriber);

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  Jpeg latest_;
  std::uint64_t seq_ = 0;
  bool closed_ = false;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
};

struct PreviewFeed::Subscriber {
  explicit Subscriber(Callback callback) : callback(std::move(callback)) {}
  std::mutex calling;  // held while the callback runs, so unsubscribe can wait it out
  bool active = true;
  Callback callback;
};

}  // namespace votercast::media::pipeline
