#include "web/live/screening_pump.hpp"

namespace votercast::web {

ScreeningPump::ScreeningPump(std::chrono::milliseconds tick) : tick_(tick), thread_([this] { run(); }) {}

ScreeningPump::~ScreeningPump() { stop(); }

void ScreeningPump::add(std::uint64_t key, std::shared_ptr<CallerSlot> slot, media::call::ScreenerLink* screener) {
  std::lock_guard lock(mutex_);
  entries_[key] = Entry{std::move(slot), screener, {}};
}

void ScreeningPump::remove(std::uint64_t key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

std::size_t ScreeningPump::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void ScreeningPump::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ScreeningPump::run() {
  // 48 kHz sample frames per tick.
  const auto frames = static_cast<std::size_t>(48 * tick_.count());
  auto next = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    next += tick_;
    const auto now = std::chrono::steady_clock::now();
    // A stall (a suspended machine) is not made up in a burst: the audio FIFOs would
    // only cut it back.
    if (next < now - 5 * tick_) next = now + tick_;
    wake_.wait_until(lock, next, [this] { return stopping_; });
    if (stopping_) break;
    for (auto& [key, entry] : entries_) entry.slot->screen_into(*entry.screener, entry.cursor, frames);
  }
}

}  // namespace votercast::web
