#include "web/config/call_settings.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>

#include "web/config/whole_number_setting.hpp"

namespace votercast::web {
namespace {

[[noreturn]] void bad(const std::string& key, const std::string& problem) {
  throw std::runtime_error("'" + key + "' " + problem);
}

std::string text(const nlohmann::json& value, const std::string& key) {
  if (!value.is_string()) bad(key, "must be a string");
  return value.get<std::string>();
}

bool is_ip_literal(const std::string& s) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, s.c_str(), buffer) == 1 || inet_pton(AF_INET6, s.c_str(), buffer) == 1;
}

// host, [v6 host] or either with :port (1..65535); nothing else (no path, no spaces).
bool is_host_port(std::string_view s) {
  std::string_view host = s, port;
  if (s.starts_with('[')) {
    const auto close = s.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    host = s.substr(1, close - 1);
    const auto rest = s.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return false;
    if (!rest.empty()) port = rest.substr(1);
    if (!is_ip_literal(std::string(host))) return false;
  } else {
    const auto colon = s.rfind(':');
    if (colon != std::string_view::npos) {
      host = s.substr(0, colon);
      port = s.substr(colon + 1);
      if (port.empty()) return false;
    }
    if (host.empty()) return false;
    for (char c : host)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) return false;
  }
  if (port.empty()) return true;
  if (port.size() > 5) return false;
  int number = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    number = number * 10 + (c - '0');
  }
  return number >= 1 && number <= 65535;
}

std::string stun_server(const nlohmann::json& value, const std::string& key) {
  auto url = text(value, key);
  if (url.empty()) return url;
  constexpr std::string_view scheme = "stun://";
  if (!url.starts_with(scheme) || !is_host_port(std::string_view(url).substr(scheme.size())))
    bad(key, "must be stun://host or stun://host:port (webrtcbin's form, not the browsers' stun:host:port)");
  return url;
}

std::string turn_server(const nlohmann::json& value, const std::string& key) {
  auto url = text(value, key);
  if (url.empty()) return url;
  std::string_view rest(url);
  if (rest.starts_with("turn://")) rest.remove_prefix(7);
  else if (rest.starts_with("turns://")) rest.remove_prefix(8);
  else bad(key, "must start with turn:// or turns://");
  if (const auto query = rest.find('?'); query != std::string_view::npos) {
    const auto transport = rest.substr(query + 1);
    if (transport != "transport=udp" && transport != "transport=tcp")
      bad(key, "may end only in ?transport=udp or ?transport=tcp");
    rest = rest.substr(0, query);
  }
  const auto at = rest.rfind('@');
  if (at != std::string_view::npos) {
    const auto userinfo = rest.substr(0, at);
    const auto colon = userinfo.find(':');
    // webrtcbin needs the credentials in the address (percent-encode ':' '@' '/' in them).
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == userinfo.size())
      bad(key, "must carry the credentials as turn://user:password@host:port");
  }
  if (!is_host_port(rest.substr(at == std::string_view::npos ? 0 : at + 1)))
    bad(key, "must name a host, and a port from 1 to 65535 if any");
  return url;
}

bool has_credentials(std::string_view turn_url) { return turn_url.find('@') != std::string_view::npos; }

std::vector<std::string> addresses(const nlohmann::json& value, const std::string& key) {
  if (!value.is_array()) bad(key, "must be a list of IP addresses");
  std::vector<std::string> out;
  for (const auto& v : value) {
    auto address = text(v, key);
    if (!is_ip_literal(address)) bad(key, "has '" + address + "', which is not an IP address");
    out.push_back(std::move(address));
  }
  return out;
}

}  // namespace

CallSettings parse_call_settings(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("'calls' must be a table");
  CallSettings s;
  for (const auto& [name, value] : j.items()) {
    const auto key = "calls." + name;
    // Each connected caller will cost the programme a decoder: a 2-core machine holds a few.
    if (name == "max_calls") s.max_calls = static_cast<int>(whole_number_setting(value, key, 1, 64));
    else if (name == "link_minutes") s.link_minutes = static_cast<int>(whole_number_setting(value, key, 5, 1440));
    else if (name == "stun_server") s.stun_server = stun_server(value, key);
    else if (name == "turn_server") s.turn_server = turn_server(value, key);
    else if (name == "turn_secret") {
      s.turn_secret = text(value, key);
      if (!s.turn_secret.empty() && s.turn_secret.size() < 16) bad(key, "must be at least 16 characters (or empty)");
    }
    else if (name == "ice_addresses") s.ice_addresses = addresses(value, key);
    else if (name == "layout") {
      if (!value.is_string() || (value != "pip" && value != "side_by_side"))
        throw std::runtime_error("'calls.layout' must be \"pip\" or \"side_by_side\"");
      s.layout = value.get<std::string>();
    } else if (name == "test_picture") {
      if (!value.is_boolean()) throw std::runtime_error("'calls.test_picture' must be true or false");
      s.test_picture = value.get<bool>();
    } else throw std::runtime_error("unknown setting '" + key + "'");
  }
  if (!s.turn_secret.empty() && s.turn_server.empty()) bad("calls.turn_secret", "needs calls.turn_server");
  if (!s.turn_server.empty() && s.turn_secret.empty() && !has_credentials(s.turn_server))
    bad("calls.turn_server", "must carry the credentials (turn://user:password@host:port), or set calls.turn_secret");
  return s;
}

}  // namespace votercast::web
