#pragma once
// The door of public intake. A voter's question goes in only while the store keeps up
// (else 503 + Retry-After, which browsers and gateways retry, instead of memory that
// grows) and within its device's and its address's token buckets (else 429 +
// Retry-After), so that one script cannot bury the queue. Staff never pass through here.
// On the io thread only.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/rate_bucket.hpp"
#include "web/config/intake_settings.hpp"
#include "web/net/http_types.hpp"

namespace votercast::web {

class IntakeGuard {
 public:
  // store_queue: the writer's jobs waiting now.
  IntakeGuard(const IntakeSettings& settings, std::function<std::size_t()> store_queue,
              core::RateBuckets::Clock clock);

  // nullopt: let it in; otherwise the refusal to send. `device`: the voter page's device
  // id, when the request carries a valid one.
  std::optional<Response> refuse(const std::string& address, const std::optional<std::string>& device = std::nullopt);

  std::uint64_t refused_rate_limited() const { return refused_rate_limited_; }
  std::uint64_t refused_store_busy() const { return refused_store_busy_; }

 private:
  std::size_t store_queue_limit_;
  std::function<std::size_t()> store_queue_;
  core::RateBuckets per_device_;
  core::RateBuckets per_address_;
  std::uint64_t refused_rate_limited_ = 0;
  std::uint64_t refused_store_busy_ = 0;
};

}  // namespace votercast::web
