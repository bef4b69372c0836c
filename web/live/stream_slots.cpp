#include "web/live/stream_slots.hpp"

namespace votercast::web {

std::variant<StreamSlots::Ticket, Response> StreamSlots::take(const std::string& owner) {
  std::lock_guard lock(mutex_);
  if (auto refused = refusal_locked(owner)) return std::move(*refused);
  ++by_owner_[owner];
  ++in_use_;
  // The ticket is only its deleter: dropping the last copy gives the slot back.
  return Ticket(static_cast<const void*>(this), [this, owner](const void*) { release(owner); });
}

std::optional<Response> StreamSlots::refusal(const std::string& owner) const {
  std::lock_guard lock(mutex_);
  return refusal_locked(owner);
}

std::size_t StreamSlots::in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

std::optional<Response> StreamSlots::refusal_locked(const std::string& owner) const {
  const auto it = by_owner_.find(owner);
  if (it != by_owner_.end() && it->second >= per_owner_) {
    auto refused = error_response(429, "too_many_streams",
                                  "Tài khoản này đã mở quá nhiều luồng trực tiếp, hãy đóng bớt tab / "
                                  "this account has too many live streams open: close some tabs");
    refused.headers.emplace_back("Retry-After", "5");
    return refused;
  }
  if (in_use_ >= total_) {
    auto refused = error_response(503, "streams_full",
                                  "Máy chủ đã đủ luồng trực tiếp, vui lòng thử lại sau / "
                                  "the server has all the live streams it can hold, try again later");
    refused.headers.emplace_back("Retry-After", "5");
    return refused;
  }
  return std::nullopt;
}

void StreamSlots::release(const std::string& owner) {
  std::lock_guard lock(mutex_);
  if (const auto it = by_owner_.find(owner); it != by_owner_.end() && --it->second == 0) by_owner_.erase(it);
  --in_use_;
}

}  // namespace votercast::web
