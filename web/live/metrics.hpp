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

  // route is a path with ids replaced by {id}, so the label set stays small.
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  // A web vote refused, by reason (web/live/vote_refusals.hpp): an attack on a poll shows here.
  void count_vote_refused(std::string_view reason);
  // Our own counters, plus gauges supplied by the caller (name -> value).
  std::string render(const std::map<std::string, double>& gauges) const;

  // "/api/questions/42/transition" -> "/api/questions/{id}/transition"
  static std::string route_of(const std::string& path);

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
