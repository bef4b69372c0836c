#pragma once
// The callers' phones connected by WebSocket (/call/{token}/ws): at most max_calls at
// once, one socket per caller (a phone that comes back replaces its old socket), what
// each says checked and relayed to the CallSignalling, and what the studio decides (on
// air, call over) told to the phone. Io thread only.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/caller.hpp"
#include "web/live/call_signalling.hpp"
#include "web/net/ws_connection.hpp"

namespace votercast::web {

class CallLines {
 public:
  // What a caller's browser uses to reach the studio (call_ice_servers.hpp); none if empty.
  using IceServersFor = std::function<nlohmann::json(std::int64_t caller_id)>;

  CallLines(int max_calls, CallSignalling& signalling, IceServersFor ice_servers_for = {})
      : max_calls_(max_calls), signalling_(signalling), ice_servers_for_(std::move(ice_servers_for)) {}

  // Whether a new phone would be one too many (a caller coming back is never refused).
  bool full(std::int64_t caller_id) const;
  std::size_t open() const { return by_connection_.size(); }
  bool is_call(WsConnection* connection) const { return by_connection_.contains(connection); }
  // Whether the caller's phone has its socket open now.
  bool connected(std::int64_t caller_id) const { return by_caller_.contains(caller_id); }

  // Greets the phone with the caller's state and the ICE servers ({"type":"hello"}) and
  // tells the signalling.
  void opened(std::shared_ptr<WsConnection> connection, const core::Caller& caller);
  // The caller whose phone this was, when no other socket of theirs is open: they left.
  std::optional<std::int64_t> closed(WsConnection* connection);
  // A text from a phone: {"type": "offer"|"answer"|"ice"|"bye", ...} goes to the
  // signalling; "ping" is answered "pong"; anything else is answered with an error.
  // A phone that sends more than kMessagesPerWindow in a window is closed.
  void received(WsConnection* connection, const std::string& text);
  // The caller's place on the lines changed: their phone hears it ({"type":"state"}), and
  // a call that is over is ended with a word of thanks, as end() does: true then (when
  // their phone was connected).
  bool caller_changed(std::int64_t caller_id, core::CallerState state);
  // Ends the caller's socket with {"type":"ended","code","message"} (a revoked or replaced
  // link) and forgets it at once: its close is not reported by closed(). The signalling
  // hears the call is over either way; false when the caller had no socket.
  bool end(std::int64_t caller_id, const std::string& code, const std::string& message);

  static constexpr int kMessagesPerWindow = 200;
  static constexpr std::int64_t kWindowMs = 10'000;

 private:
  struct Call {
    std::shared_ptr<WsConnection> connection;
    std::int64_t caller_id = 0;
    core::CallerState state = core::CallerState::waiting;  // as the phone was last told
    std::int64_t window_start_ms = 0;
    int messages_in_window = 0;
  };
  void send(Call& call, const std::string& text);

  int max_calls_;
  CallSignalling& signalling_;
  IceServersFor ice_servers_for_;
  std::map<WsConnection*, Call> by_connection_;
  std::map<std::int64_t, WsConnection*> by_caller_;
};

// {"type":"ended",...} and the like: a JSON text with a code and a message for the phone.
std::string call_notice_text(const std::string& type, const std::string& code, const std::string& message);

}  // namespace votercast::web
