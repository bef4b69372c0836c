#pragma once
// Endless responses (the MJPEG preview, the scene's events, consoles' WebSockets) each
// hold a connection and a poll or a queue for as long as the client likes: a cap per
// account and one in all, so that one leaked tab or script cannot take them all.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "web/net/http_types.hpp"

namespace votercast::web {

class StreamSlots {
 public:
  // Holds one slot until the last copy is dropped (from any thread).
  using Ticket = std::shared_ptr<const void>;

  StreamSlots(std::size_t per_owner, std::size_t total) : per_owner_(per_owner), total_(total) {}

  // `owner` names an account ("user:7", "overlay"). 429 when the owner has all its
  // slots, 503 when all are taken. The StreamSlots must outlive its tickets.
  std::variant<Ticket, Response> take(const std::string& owner);
  // The refusal take() would give now, without taking (a handshake checks before it opens).
  std::optional<Response> refusal(const std::string& owner) const;
  std::size_t in_use() const;

 private:
  std::optional<Response> refusal_locked(const std::string& owner) const;
  void release(const std::string& owner);

  const std::size_t per_owner_;
  const std::size_t total_;
  mutable std::mutex mutex_;
  std::map<std::string, std::size_t> by_owner_;
  std::size_t in_use_ = 0;
};

// The owner a staff account's streams are counted under.
inline std::string stream_owner(std::int64_t user_id) { return "user:" + std::to_string(user_id); }
// The overlay's token is one owner: every graphics system's browser source shares it.
inline constexpr const char* kOverlayStreamOwner = "overlay";

}  // namespace votercast::web
