#pragma once
// Slows password guessing: too many failures for one user name, or from one
// address, within a window blocks further attempts until the window passes.
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace votercast::web {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  LoginThrottle(int per_user = 5, int per_ip = 20, std::chrono::seconds window = std::chrono::minutes(5))
      : per_user_(per_user), per_ip_(per_ip), window_(window) {}

  // Seconds to wait before trying again, or 0 if an attempt may go ahead.
  int retry_after(const std::string& user, const std::string& ip, Clock::time_point now = Clock::now());
  void record_failure(const std::string& user, const std::string& ip, Clock::time_point now = Clock::now());
  void record_success(const std::string& user);

 private:
  int wait_for(std::deque<Clock::time_point>& failures, int limit, Clock::time_point now);
  std::mutex mutex_;
  int per_user_;
  int per_ip_;
  std::chrono::seconds window_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> by_user_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> by_ip_;
};

}  // namespace votercast::web
