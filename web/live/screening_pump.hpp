#pragma once
// The clock of the screenings (issue 15): every tick (20 ms) each screener's link gets the
// caller's newest picture and their voice, and the caller gets the screener's talk-back.
// One thread for every screening: each tick is a few non-blocking calls per screening.
//
// Threads: add/remove from any thread; once remove() returns, the pump no longer touches
// that screener's link, which may then be destroyed.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "web/live/caller_slot.hpp"

namespace votercast::web {

class ScreeningPump {
 public:
  explicit ScreeningPump(std::chrono::milliseconds tick = std::chrono::milliseconds(20));
  ~ScreeningPump();  // stop()
  ScreeningPump(const ScreeningPump&) = delete;
  ScreeningPump& operator=(const ScreeningPump&) = delete;

  void add(std::uint64_t key, std::shared_ptr<CallerSlot> slot, media::call::ScreenerLink* screener);
  void remove(std::uint64_t key);
  std::size_t size() const;
  void stop();

 private:
  struct Entry {
    std::shared_ptr<CallerSlot> slot;
    media::call::ScreenerLink* screener = nullptr;
    CallerSlot::ScreeningCursor cursor;
  };
  void run();

  const std::chrono::milliseconds tick_;
  mutable std::mutex mutex_;  // held through a tick, so remove() waits for it to end
  std::condition_variable wake_;
  std::map<std::uint64_t, Entry> entries_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest exists
};

}  // namespace votercast::web
