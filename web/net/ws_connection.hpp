#pragma once
#include <cstddef>
#include <memory>
#include <string>

namespace votercast::web {

// One accepted WebSocket, as the event hub sees it. All calls on the io thread.
class WsConnection {
 public:
  virtual ~WsConnection() = default;
  // Queues a text frame. Returns false (and queues nothing) when the outbound
  // queue already holds the limit, so a slow client never grows without bound.
  virtual bool send(std::shared_ptr<const std::string> text) = 0;
  // Sends what is queued, then closes.
  virtual void close() = 0;
  virtual std::size_t queued() const = 0;
};

}  // namespace votercast::web
