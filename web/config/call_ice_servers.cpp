#include "web/config/call_ice_servers.hpp"

#include <cctype>
#include <string_view>

#include "core/turn_credential.hpp"

namespace votercast::web {
namespace {

// The settings were checked when read (call_settings.cpp): the schemes are there.
struct TurnAddress {
  bool secure = false;
  std::string_view host_port;  // host[:port][?transport=...], without the credentials
};

TurnAddress turn_address(std::string_view url) {
  TurnAddress address;
  address.secure = url.starts_with("turns://");
  url.remove_prefix(address.secure ? 8 : 7);
  const auto at = url.rfind('@', url.find('?'));
  address.host_port = at == std::string_view::npos ? url : url.substr(at + 1);
  return address;
}

std::string percent_encoded(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

core::TurnCredential call_credential(const CallSettings& calls, std::int64_t caller_id, std::int64_t now_unix_s,
                                     std::string_view side) {
  return core::turn_credential(calls.turn_secret, std::string(side) + "-" + std::to_string(caller_id),
                               now_unix_s + kTurnCredentialSeconds);
}

}  // namespace

std::string studio_turn_server(const CallSettings& calls, std::int64_t caller_id, std::int64_t now_unix_s) {
  if (calls.turn_server.empty() || calls.turn_secret.empty()) return calls.turn_server;
  const TurnAddress address = turn_address(calls.turn_server);
  const auto credential = call_credential(calls, caller_id, now_unix_s, "studio");
  return std::string(address.secure ? "turns://" : "turn://") + percent_encoded(credential.username) + ":" +
         percent_encoded(credential.password) + "@" + std::string(address.host_port);
}

nlohmann::json browser_ice_servers(const CallSettings& calls, std::int64_t caller_id, std::int64_t now_unix_s) {
  auto servers = nlohmann::json::array();
  if (std::string_view stun = calls.stun_server; stun.starts_with("stun://")) {
    servers.push_back({{"urls", "stun:" + std::string(stun.substr(7))}});
  }
  if (!calls.turn_server.empty() && !calls.turn_secret.empty()) {
    const TurnAddress address = turn_address(calls.turn_server);
    const auto credential = call_credential(calls, caller_id, now_unix_s, "caller");
    servers.push_back({{"urls", std::string(address.secure ? "turns:" : "turn:") + std::string(address.host_port)},
                       {"username", credential.username},
                       {"credential", credential.password}});
  }
  return servers;
}

}  // namespace votercast::web
