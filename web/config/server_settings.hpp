#pragma once
// The [server] table: how many connections and live streams the server holds, and how
// long a new connection may stay silent. Idle sockets from one script must not use up
// the descriptors the consoles need.
#include <cstddef>

#include <nlohmann/json.hpp>

namespace votercast::web {

struct ServerSettings {
  // Open connections in all. Beyond it a new connection gets 503, unless it carries a
  // staff session and one of the staff_reserve slots above the cap is free.
  std::size_t max_connections = 4000;
  std::size_t staff_reserve = 64;
  // Open connections from one peer address; then 429. Generous: carrier-grade NAT puts
  // many phones behind one address. Never applied to trusted_proxies (nginx's address is
  // every voter's): cap per client there with nginx's limit_conn.
  std::size_t max_connections_per_address = 256;
  // A new connection that sends no byte in this long is closed.
  int first_byte_timeout_seconds = 5;
  // Endless responses (the MJPEG preview, the scene's events, consoles' WebSockets):
  // per staff account (the overlay's token counts as one account), and in all.
  std::size_t max_streams_per_user = 16;
  std::size_t max_streams = 500;
};

// Throws std::runtime_error naming the key.
ServerSettings parse_server_settings(const nlohmann::json& j);

}  // namespace votercast::web
