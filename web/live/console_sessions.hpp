#pragma once
// Which staff session each open console stream (/ws) stands on, so that a session that
// ends (logout, a new password, a disabled account, idle time, age) ends its streams too:
// a disabled account's console stops receiving the queue within seconds, not at its next
// reload. An open stream is use of its session (StaffAuth::console_in_use).
// io thread only.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "web/net/ws_connection.hpp"

namespace votercast::web {

class ConsoleSessions {
 public:
  void opened(const std::shared_ptr<WsConnection>& connection, std::string token_hash);
  void closed(WsConnection* connection);
  // Closes every stream whose session signed_in(token_hash) no longer finds; how many.
  std::size_t end_signed_out(const std::function<bool(const std::string& token_hash)>& signed_in);
  std::size_t size() const { return streams_.size(); }

 private:
  struct Stream {
    std::weak_ptr<WsConnection> connection;  // the event hub owns it
    std::string token_hash;
  };
  std::unordered_map<WsConnection*, Stream> streams_;
};

}  // namespace votercast::web
