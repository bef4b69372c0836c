#include "media/pipeline/preview_feed.hpp"

namespace votercast::media::pipeline {

void PreviewFeed::publish(std::string jpeg) {
  auto frame = std::make_shared<const std::string>(std::move(jpeg));
  {
    std::lock_guard lock(mutex_);
    latest_ = std::move(frame);
    ++seq_;
  }
  changed_.notify_all();
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

}  // namespace votercast::media::pipeline
