#include "web/net/http_url.hpp"

#include <algorithm>

namespace votercast::web {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<HttpUrl> parse_http_url(std::string_view url) {
  HttpUrl out;
  if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else if (url.starts_with("https://")) {
    out.tls = true;
    url.remove_prefix(8);
  } else {
    return std::nullopt;
  }
  if (url.find('#') != std::string_view::npos) return std::nullopt;
  const auto path_at = url.find_first_of("/?");
  std::string_view authority = url.substr(0, path_at);
  out.target = path_at == std::string_view::npos ? "/" : std::string(url.substr(path_at));
  if (out.target.front() == '?') out.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view port;
  if (authority.starts_with("[")) {  // [2001:db8::1]:8080
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
    }
  } else {
    const auto colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return std::nullopt;
  if (port.empty()) {
    out.port = out.tls ? "443" : "80";
  } else {
    if (!all_digits(port) || port.size() > 5 || std::stoi(std::string(port)) > 65535) return std::nullopt;
    out.port = std::string(port);
  }
  return out;
}

}  // namespace votercast::web
