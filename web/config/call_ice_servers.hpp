#pragma once
// The [calls] STUN and TURN servers for one call, for each side of it:
//  - the studio's link takes webrtcbin's form, turn://user:password@host:port;
//  - the caller's browser takes RTCIceServer objects ({"urls": "turn:host:port", ...}), in
//    the call page's hello (web/live/call_lines.hpp).
// With turn_secret, each call gets TURN credentials of its own that expire (coturn's
// use-auth-secret, core/turn_credential.hpp), the phone's included, and a phone behind a
// network that blocks direct UDP reaches the studio through the relay. Without it the
// phones get no TURN server: the configured password would be public.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "web/config/call_settings.hpp"

namespace votercast::web {

// How long a call's TURN credentials last: the longest a show runs, with room.
inline constexpr std::int64_t kTurnCredentialSeconds = 6 * 3600;

// turn_server for the studio's link of caller `caller_id`: with turn_secret, with that
// call's credentials (percent-encoded) in place of any written there; else as written.
std::string studio_turn_server(const CallSettings& calls, std::int64_t caller_id, std::int64_t now_unix_s);

// [{"urls": "stun:host:port"}, {"urls": "turn:host:port?transport=udp", "username": ...,
// "credential": ...}] for caller `caller_id`'s browser; empty when nothing is set.
nlohmann::json browser_ice_servers(const CallSettings& calls, std::int64_t caller_id, std::int64_t now_unix_s);

}  // namespace votercast::web
