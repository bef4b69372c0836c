#include "web/api/login_throttle.hpp"

#include <algorithm>

namespace votercast::web {
namespace {

// Sweep this often even when the table is far from its cap, so that memory follows the
// last window's traffic rather than the busiest one ever.
constexpr std::size_t kSweepEvery = 1024;

bool aged_out(const std::deque<LoginThrottle::Clock::time_point>& failures, LoginThrottle::Clock::time_point now,
              std::chrono::seconds window) {
  return failures.empty() || now - failures.back() >= window;
}

}  // namespace

int LoginThrottle::wait_for(Failures& failures, int limit, Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= limits_.window) failures.pop_front();
  if (static_cast<int>(failures.size()) < limit) return 0;
  const auto wait = std::chrono::duration_cast<std::chrono::seconds>(failures.front() + limits_.window - now).count();
  return static_cast<int>(wait) + 1;
}

void LoginThrottle::sweep(Clock::time_point now) {
  admitted_since_sweep_ = 0;
  std::erase_if(by_pair_, [&](const auto& entry) { return aged_out(entry.second, now, limits_.window); });
  std::erase_if(by_address_, [&](const auto& entry) { return aged_out(entry.second, now, limits_.window); });
}

std::variant<LoginThrottle::Attempt, int> LoginThrottle::admit(const std::string& name, const std::string& address,
                                                               Clock::time_point now) {
  // A name is at most 64 characters (core::valid_user_name); the separator cannot occur in one.
  Attempt attempt{name + '\n' + address, address, now};
  std::lock_guard lock(mutex_);
  if (++admitted_since_sweep_ >= kSweepEvery) sweep(now);
  const auto pair = by_pair_.find(attempt.pair);
  const auto from = by_address_.find(address);
  const int wait = std::max(pair == by_pair_.end() ? 0 : wait_for(pair->second, limits_.per_name_and_address, now),
                            from == by_address_.end() ? 0 : wait_for(from->second, limits_.per_address, now));
  if (wait > 0) return wait;
  const std::size_t newcomers = (pair == by_pair_.end()) + (from == by_address_.end());
  if (newcomers > 0 && by_pair_.size() + by_address_.size() + newcomers > limits_.max_tracked) {
    sweep(now);
    if (by_pair_.size() + by_address_.size() + newcomers > limits_.max_tracked)
      return static_cast<int>(limits_.window.count());
  }
  by_pair_[attempt.pair].push_back(now);
  by_address_[address].push_back(now);
  return attempt;
}

void LoginThrottle::forget_one(Table& table, const std::string& key, Clock::time_point at) {
  const auto entry = table.find(key);
  if (entry == table.end()) return;
  auto& failures = entry->second;
  if (const auto it = std::find(failures.begin(), failures.end(), at); it != failures.end()) failures.erase(it);
  if (failures.empty()) table.erase(entry);
}

void LoginThrottle::succeeded(const Attempt& attempt) {
  std::lock_guard lock(mutex_);
  by_pair_.erase(attempt.pair);
  forget_one(by_address_, attempt.address, attempt.at);
}

void LoginThrottle::withdrawn(const Attempt& attempt) {
  std::lock_guard lock(mutex_);
  forget_one(by_pair_, attempt.pair, attempt.at);
  forget_one(by_address_, attempt.address, attempt.at);
}

void LoginThrottle::forget_aged_out(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  sweep(now);
}

std::size_t LoginThrottle::tracked() const {
  std::lock_guard lock(mutex_);
  return by_pair_.size() + by_address_.size();
}

}  // namespace votercast::web
