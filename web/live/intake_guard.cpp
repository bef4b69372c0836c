#include "web/live/intake_guard.hpp"

namespace votercast::web {

IntakeGuard::IntakeGuard(const IntakeSettings& settings, std::function<std::size_t()> store_queue,
                         core::RateBuckets::Clock clock)
    : store_queue_limit_(settings.store_queue_limit),
      store_queue_(std::move(store_queue)),
      per_device_(settings.questions_per_device.burst, settings.questions_per_device.per_second, clock),
      per_address_(settings.questions_per_ip.burst, settings.questions_per_ip.per_second, std::move(clock)) {}

namespace {

Response too_many(std::int64_t wait_ms, const std::string& whose_vi, const std::string& whose_en) {
  const auto seconds = std::to_string((wait_ms + 999) / 1000);
  auto r = error_response(429, "too_many_questions",
                          whose_vi + " đã gửi quá nhiều câu hỏi trong thời gian ngắn. Xin mời gửi lại sau " + seconds +
                              " giây. / Too many questions from " + whose_en + "; please try again in " + seconds + " s.");
  r.headers.emplace_back("Retry-After", seconds);
  return r;
}

}  // namespace

std::optional<Response> IntakeGuard::refuse(const std::string& address, const std::optional<std::string>& device) {
  // Asked first, so that a voter turned away for the store's sake keeps their tokens.
  if (store_queue_() > store_queue_limit_) {
    ++refused_store_busy_;
    auto r = error_response(503, "intake_busy",
                            "Hệ thống đang nhận rất nhiều câu hỏi. Xin mời bạn gửi lại sau vài giây. "
                            "/ We are receiving a great many questions; please send yours again in a few seconds.");
    r.headers.emplace_back("Retry-After", "2");
    return r;
  }
  // The device first: refused there, it spends none of the tokens its address shares.
  if (device) {
    if (const auto wait_ms = per_device_.take(*device)) {
      ++refused_rate_limited_;
      return too_many(wait_ms, "Bạn", "this device");
    }
  }
  if (const auto wait_ms = per_address_.take(address)) {
    ++refused_rate_limited_;
    return too_many(wait_ms, "Mạng của bạn", "your network");
  }
  return std::nullopt;
}

}  // namespace votercast::web
