#pragma once
// Slows password guessing without handing a guesser the power to lock staff out.
// Failures count per (user name, address) and per address, never per name alone: five
// wrong guesses for "admin" from somewhere else do not stop admin's owner at the studio.
// An attempt is counted when it is let in, before its password is checked (a
// reservation), so parallel guesses cannot all slip past while none has failed yet; a
// success takes its reservation back. Memory stays bounded: entries whose failures have
// all aged out are swept, and a table at its cap refuses newcomers rather than grow.
// Used from the io thread (admit) and the password worker (succeeded), hence the mutex.
#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>

namespace votercast::web {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  struct Limits {
    int per_name_and_address = 5;
    int per_address = 20;
    std::chrono::seconds window = std::chrono::minutes(5);
    std::size_t max_tracked = 20000;  // pairs and addresses together: a few MB at most
  };
  // An attempt let in: counted as a failure until succeeded() or withdrawn() says otherwise.
  struct Attempt {
    std::string pair;
    std::string address;
    Clock::time_point at;
  };

  LoginThrottle() : LoginThrottle(Limits{}) {}
  explicit LoginThrottle(Limits limits) : limits_(limits) {}

  // The attempt, counted already; or the seconds to wait before trying again.
  std::variant<Attempt, int> admit(const std::string& name, const std::string& address,
                                   Clock::time_point now = Clock::now());
  // The password was right: the pair's failures are forgotten and the attempt is not one.
  void succeeded(const Attempt& attempt);
  // The password was never checked (the queue was full): as if the attempt had not come.
  void withdrawn(const Attempt& attempt);

  // Forgets every pair and address whose failures have all aged out (the app calls it
  // each minute; admit() does too, every so often and when the table is full).
  void forget_aged_out(Clock::time_point now = Clock::now());
  // Pairs and addresses remembered now (a gauge in /metrics).
  std::size_t tracked() const;

 private:
  using Failures = std::deque<Clock::time_point>;
  using Table = std::unordered_map<std::string, Failures>;
  int wait_for(Failures& failures, int limit, Clock::time_point now) const;
  void forget_one(Table& table, const std::string& key, Clock::time_point at);
  void sweep(Clock::time_point now);  // mutex held

  Limits limits_;
  mutable std::mutex mutex_;
  Table by_pair_;
  Table by_address_;
  std::size_t admitted_since_sweep_ = 0;
};

}  // namespace votercast::web
