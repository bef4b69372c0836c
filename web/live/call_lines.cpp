#include "web/live/call_lines.hpp"

#include <array>
#include <string_view>

#include "core/clock.hpp"

namespace votercast::web {
namespace {

constexpr std::array<std::string_view, 4> kSignallingTypes = {"offer", "answer", "ice", "bye"};

bool is_signalling(const std::string& type) {
  for (auto t : kSignallingTypes)
    if (t == type) return true;
  return false;
}

std::string state_text(core::CallerState state) {
  return nlohmann::json{{"type", "state"}, {"state", core::to_string(state)}}.dump();
}

}  // namespace

std::string call_notice_text(const std::string& type, const std::string& code, const std::string& message) {
  return nlohmann::json{{"type", type}, {"code", code}, {"message", message}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool CallLines::full(std::int64_t caller_id) const {
  return !by_caller_.contains(caller_id) && by_connection_.size() >= static_cast<std::size_t>(max_calls_);
}

void CallLines::opened(std::shared_ptr<WsConnection> connection, const core::Caller& caller) {
  if (auto old = by_caller_.find(caller.id); old != by_caller_.end()) {
    // The same phone came back (a reload, a new network): the old socket is stale.
    auto stale = by_connection_.find(old->second);
    if (stale != by_connection_.end()) {
      auto stale_connection = stale->second.connection;
      by_connection_.erase(stale);
      stale_connection->send(std::make_shared<const std::string>(
          call_notice_text("ended", "replaced", "Cuộc gọi đã chuyển sang kết nối mới. / Replaced by a new connection.")));
      stale_connection->close();
    }
  }
  auto* key = connection.get();
  by_connection_[key] = Call{connection, caller.id, caller.state, core::now_ms(), 0};
  by_caller_[caller.id] = key;
  nlohmann::json hello{{"type", "hello"}, {"state", core::to_string(caller.state)}, {"name", caller.name},
                       {"ice_servers", ice_servers_for_ ? ice_servers_for_(caller.id) : nlohmann::json::array()}};
  connection->send(std::make_shared<const std::string>(hello.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  std::weak_ptr<WsConnection> weak = connection;
  signalling_.caller_connected(caller.id, [weak](std::string text) {
    auto c = weak.lock();
    return c && c->send(std::make_shared<const std::string>(std::move(text)));
  });
}

std::optional<std::int64_t> CallLines::closed(WsConnection* connection) {
  const auto it = by_connection_.find(connection);
  if (it == by_connection_.end()) return std::nullopt;  // replaced, or never a call
  const auto caller_id = it->second.caller_id;
  by_connection_.erase(it);
  by_caller_.erase(caller_id);
  signalling_.caller_disconnected(caller_id);
  return caller_id;
}

void CallLines::send(Call& call, const std::string& text) {
  call.connection->send(std::make_shared<const std::string>(text));
}

void CallLines::received(WsConnection* connection, const std::string& text) {
  const auto it = by_connection_.find(connection);
  if (it == by_connection_.end()) return;
  auto& call = it->second;
  const auto now = core::now_ms();
  if (now - call.window_start_ms >= kWindowMs) {
    call.window_start_ms = now;
    call.messages_in_window = 0;
  }
  if (++call.messages_in_window > kMessagesPerWindow) {
    send(call, call_notice_text("ended", "too_many_messages", "Quá nhiều tin nhắn / too many messages"));
    call.connection->close();
    return;
  }
  const auto message = nlohmann::json::parse(text, nullptr, false);
  if (!message.is_object() || !message.contains("type") || !message["type"].is_string())
    return send(call, call_notice_text("error", "bad_message", "expected a JSON object with a string 'type'"));
  const auto type = message["type"].get<std::string>();
  if (type == "ping") return send(call, R"({"type":"pong"})");
  if (!is_signalling(type))
    return send(call, call_notice_text("error", "unknown_type", "unknown message type"));
  signalling_.caller_message(call.caller_id, message);
}

bool CallLines::caller_changed(std::int64_t caller_id, core::CallerState state) {
  const bool over = state == core::CallerState::done || state == core::CallerState::dropped;
  const auto it = by_caller_.find(caller_id);
  if (it == by_caller_.end()) {
    if (over) signalling_.call_over(caller_id);  // media of a phone that has gone, still flowing
    return false;
  }
  auto& call = by_connection_.at(it->second);
  // Edits and video changes are caller events too: the phone hears only a new place.
  if (call.state != state) send(call, state_text(state));
  call.state = state;
  if (!over) return false;
  return end(caller_id, "call_ended",
             "Cuộc gọi đã kết thúc. Cảm ơn bạn đã tham gia chương trình. / The call is over. Thank you.");
}

bool CallLines::end(std::int64_t caller_id, const std::string& code, const std::string& message) {
  const auto it = by_caller_.find(caller_id);
  if (it == by_caller_.end()) {
    signalling_.call_over(caller_id);
    return false;
  }
  const auto call = by_connection_.extract(it->second).mapped();
  by_caller_.erase(it);
  call.connection->send(std::make_shared<const std::string>(call_notice_text("ended", code, message)));
  call.connection->close();
  signalling_.call_over(caller_id);
  return true;
}

}  // namespace votercast::web
