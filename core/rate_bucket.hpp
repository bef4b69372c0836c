#pragma once
// A token bucket per key (an IP address): `burst` requests at once, refilled at `per_second`.
// Constant memory per key, however busy: carrier-grade NAT puts thousands of phones behind
// one address, so the limit is generous and must stay cheap. Pure logic, clock injected;
// one thread (the io thread) uses it.
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

namespace votercast::core {

class RateBuckets {
 public:
  using Clock = std::function<std::int64_t()>;  // milliseconds, any epoch

  RateBuckets(double burst, double per_second, Clock clock);

  // Takes one token if there is one.
  bool admit(const std::string& key) { return take(key) == 0; }
  // Takes one token and answers 0, or answers how many milliseconds until one is there
  // (what a 429's Retry-After says).
  std::int64_t take(const std::string& key);
  std::size_t tracked() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens;
    std::int64_t at_ms;
  };
  void forget_full(std::int64_t now);

  double burst_, per_ms_;
  Clock clock_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::size_t since_sweep_ = 0;
};

}  // namespace votercast::core
