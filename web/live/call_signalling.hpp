#pragma once
// Where a caller's WebRTC signalling goes: the studio's side (StudioSignalling, one
// WebRTC link per caller) implements this; CallLines hands it what each caller's socket
// says. All calls on the io thread.
#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace votercast::web {

class CallSignalling {
 public:
  // Sends one JSON text to the caller's page; false when the socket has gone or is full.
  using SendToCaller = std::function<bool(std::string json_text)>;

  virtual ~CallSignalling() = default;
  // The caller's phone opened its socket (a phone coming back replaces its old one, with
  // no caller_disconnected between).
  virtual void caller_connected(std::int64_t caller_id, SendToCaller send) = 0;
  // A checked message: an object whose "type" is one of CallLines' signalling types
  // ("offer", "answer", "ice", "bye").
  virtual void caller_message(std::int64_t caller_id, const nlohmann::json& message) = 0;
  // The phone's socket closed. Its media may still flow, and the phone may come back: a
  // socket is not the call (a closed browser shows as lost media, then ends).
  virtual void caller_disconnected(std::int64_t caller_id) = 0;
  // The studio ended the caller's call (over, dropped, link revoked or replaced), with or
  // without a phone connected: whatever media they have ends now.
  virtual void call_over(std::int64_t caller_id) = 0;
};

}  // namespace votercast::web
