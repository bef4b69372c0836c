#pragma once
// Request counters and latency histograms, rendered in Prometheus' text format.
#include <array>
#include <functional>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace votercast::web {

class Metrics {
 public:
  static constexpr std::array<double, 10> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5};

  // route is the router's pattern ("/api/questions/{id}") or a fixed word ("static",
  // "unmatched"), never a raw path: every made-up path would be a series of its own.
  // A method outside the standard few is counted as "other", for the same reason.
  void observe(std::string_view method, const std::string& route, int status, double seconds);
  // A web vote refused, by reason (web/live/vote_refusals.hpp): an attack on a poll shows here.
  void count_vote_refused(std::string_view reason);
  // Our own counters, plus gauges supplied by the caller (name -> value).
  std::string render(const std::map<std::string, double>& gauges) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
  std::map<std::string, std::uint64_t, std::less<>> votes_refused_;
};

}  // namespace votercast::web
