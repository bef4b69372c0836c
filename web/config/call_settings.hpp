#pragma once
// The [calls] table of the configuration: video call-ins (docs/CALLINS.md).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace votercast::web {

struct CallSettings {
  int max_calls = 8;           // callers' phones connected at once (waiting, screened or on air); 1..64
  int link_minutes = 120;      // a call link (and its short code) admits a first join this long; 5..1440
  // ICE servers for the studio's side of each call, as webrtcbin takes them; empty: none
  // (a LAN or loopback needs none). stun://host[:port]; turn(s)://user:password@host[:port],
  // or turn(s)://host[:port] with turn_secret. The phones get the STUN server, and the TURN
  // server only with turn_secret (docs/CALLINS.md, "STUN and TURN").
  std::string stun_server;
  std::string turn_server;
  // The TURN server's shared secret (coturn: use-auth-secret, static-auth-secret): each call
  // gets its own credentials that expire (core/turn_credential.hpp), the phone's included.
  std::string turn_secret;
  // The studio gathers ICE candidates on these addresses only (IP literals); empty: every interface.
  std::vector<std::string> ice_addresses;
  std::string layout = "pip";  // a caller's picture on air unless the take says: "pip" or "side_by_side"
  // Every caller has a test picture (colour bars) for their video: rehearsing the on-air
  // layouts without phones, and the tests of the server. Never on a real show.
  bool test_picture = false;
  std::int64_t link_lifetime_ms() const { return link_minutes * 60 * 1000LL; }
};

// Reads [calls]. Throws std::runtime_error naming the key.
CallSettings parse_call_settings(const nlohmann::json& j);

}  // namespace votercast::web
