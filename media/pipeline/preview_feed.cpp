#include "media/pipeline/preview_feed.hpp"

#include <algorithm>

namespace votercast::media::pipeline {

void PreviewFeed::publish(std::string jpeg) {
  auto frame = std::make_shared<const std::string>(std::move(jpeg));
  std::vector<std::shared_ptr<Subscriber>> subscribers;
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(mutex_);
    latest_ = frame;
    seq = ++seq_;
    subscribers = subscribers_;
  }
  changed_.notify_all();
  for (const auto& subscriber : subscribers) {
    std::lock_guard calling(subscriber->calling);
    if (subscriber->active) subscriber->callback(frame, seq);
  }
}

void PreviewFeed::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

void PreviewFeed::reopen() {
  std::lock_guard lock(mutex_);
  closed_ = false;
}

PreviewFeed::Jpeg PreviewFeed::latest(std::uint64_t& seq) const {
  std::lock_guard lock(mutex_);
  seq = seq_;
  return latest_;
}

PreviewFeed::Jpeg PreviewFeed::wait_newer(std::uint64_t after_seq, std::chrono::milliseconds timeout,
                                          std::uint64_t& seq) const {
  std::unique_lock lock(mutex_);
  const bool fresh = changed_.wait_for(lock, timeout, [&] { return closed_ || seq_ > after_seq; });
  seq = seq_;
  return fresh && seq_ > after_seq ? latest_ : nullptr;
}

std::shared_ptr<PreviewFeed::Subscriber> PreviewFeed::subscribe(Callback callback) {
  auto subscriber = std::make_shared<Subscriber>(std::move(callback));
  std::lock_guard lock(mutex_);
  subscribers_.push_back(subscriber);
  return subscriber;
}

void PreviewFeed::unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
  {
    std::lock_guard lock(mutex_);
    subscribers_.erase(std::remove(subscribers_.begin(), subscribers_.end(), subscriber), subscribers_.end());
  }
  // Once this returns the callback is not running and will not run again.
  std::lock_guard calling(subscriber->calling);
  subscriber->active = false;
}

}  // namespace votercast::media::pipeline
