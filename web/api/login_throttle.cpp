#include "web/api/login_throttle.hpp"

namespace votercast::web {

int LoginThrottle::wait_for(std::deque<Clock::time_point>& failures, int limit, Clock::time_point now) {
  while (!failures.empty() && now - failures.front() >= window_) failures.pop_front();
  if (static_cast<int>(failures.size()) < limit) return 0;
  const auto wait = std::chrono::duration_cast<std::chrono::seconds>(failures.front() + window_ - now).count();
  return static_cast<int>(wait) + 1;
}

int LoginThrottle::retry_after(const std::string& user, const std::string& ip, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const int u = wait_for(by_user_[user], per_user_, now);
  const int i = wait_for(by_ip_[ip], per_ip_, now);
  // Forget empty entries so that random user names cannot grow the maps forever.
  if (by_user_[user].empty()) by_user_.erase(user);
  if (by_ip_[ip].empty()) by_ip_.erase(ip);
  return u > i ? u : i;
}

void LoginThrottle::record_failure(const std::string& user, const std::string& ip, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  by_user_[user].push_back(now);
  by_ip_[ip].push_back(now);
}

void LoginThrottle::record_success(const std::string& user) {
  std::lock_guard lock(mutex_);
  by_user_.erase(user);
}

}  // namespace votercast::web
