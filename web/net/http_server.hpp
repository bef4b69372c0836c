#pragma once
// The network transport: Boost.Beast HTTP/1.1 (keep-alive) and WebSocket on one
// Asio thread. Knows nothing of questions; everything is routed through hooks.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "web/net/http_types.hpp"
#include "web/net/ip_allow_list.hpp"
#include "web/net/ws_connection.hpp"

namespace votercast::web {

struct ServerLimits {
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 8 * 1024;
  std::chrono::seconds request_timeout{30};   // to read one whole request
  std::chrono::seconds first_byte_timeout{5}; // a new connection that stays silent is closed
  std::chrono::seconds idle_timeout{75};      // keep-alive idle
  std::size_t ws_queue_limit = 1024;          // frames per WebSocket client
  // Connection caps (0: none). Open connections are never closed for a cap; a new one
  // over it is answered with a JSON error (503 in all, 429 per address) and closed.
  // Above max_connections, staff_reserve more are kept for requests that
  // ServerHooks::may_use_reserve lets in; beyond those a connection is closed unread.
  std::size_t max_connections = 0;
  std::size_t staff_reserve = 0;
  std::size_t max_connections_per_address = 0;
  // Peers the per-address cap does not apply to: proxies that carry many clients.
  IpAllowList uncapped_addresses;
};

struct ServerHooks {
  // Every HTTP request that is not a WebSocket upgrade. Runs on the io thread;
  // the Respond may be called later from any thread.
  std::function<void(Request, Respond)> handle;
  // Which paths take a WebSocket upgrade (unset: "/ws" alone); another path's upgrade is
  // an ordinary request.
  std::function<bool(const std::string& path)> is_ws_path;
  // A WebSocket upgrade on one of those: an error Response refuses it, nullopt accepts.
  std::function<std::optional<Response>(const Request&)> ws_admit;
  std::function<void(std::shared_ptr<WsConnection>, const Request&)> ws_opened;
  std::function<void(WsConnection*)> ws_closed;
  // A text message from the client (at most 64 KiB); unset: client frames are ignored.
  std::function<void(WsConnection*, std::string text)> ws_received;
  // Over max_connections: whether this request may take a reserved slot (a staff session).
  std::function<bool(const Request&)> may_use_reserve;
  // After each response is written (metrics): method, route-ish path, status, seconds.
  std::function<void(const Request&, int status, double seconds)> observe;
};

class HttpServer {
 public:
  HttpServer(ServerLimits limits, ServerHooks hooks);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; port 0 picks a free one. Returns the bound port. Throws on failure.
  unsigned short listen(const std::string& address, unsigned short port);
  // Runs the io loop on the calling thread until stop().
  void run();
  // Thread-safe and async-signal-safe enough to call from a signal-watching thread.
  void stop();
  // Runs fn on the io thread.
  void post(std::function<void()> fn);
  // After run() has returned: runs what was posted but not yet run (on the calling
  // thread), so that work handed over during the stop is not silently dropped.
  void run_posted();
  // Runs fn on the io thread every period, from run() until stop().
  void every(std::chrono::milliseconds period, std::function<void()> fn);
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace votercast::web
