#include "web/live/console_sessions.hpp"

#include <vector>

namespace votercast::web {

void ConsoleSessions::opened(const std::shared_ptr<WsConnection>& connection, std::string token_hash) {
  streams_[connection.get()] = Stream{connection, std::move(token_hash)};
}

void ConsoleSessions::closed(WsConnection* connection) { streams_.erase(connection); }

std::size_t ConsoleSessions::end_signed_out(const std::function<bool(const std::string& token_hash)>& signed_in) {
  // Collected first: closing may report back through closed() while we iterate.
  std::vector<std::shared_ptr<WsConnection>> ended;
  for (auto it = streams_.begin(); it != streams_.end();) {
    auto connection = it->second.connection.lock();
    if (connection && signed_in(it->second.token_hash)) {
      ++it;
      continue;
    }
    if (connection) ended.push_back(std::move(connection));
    it = streams_.erase(it);
  }
  for (const auto& connection : ended) connection->close();
  return ended.size();
}

}  // namespace votercast::web
