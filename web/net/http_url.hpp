#pragma once
// The parts of an http:// or https:// URL that the client needs to connect and ask.
#include <optional>
#include <string>
#include <string_view>

namespace votercast::web {

struct HttpUrl {
  bool tls = false;
  std::string host;    // without brackets for an IPv6 literal
  std::string port;    // "80" / "443" when the URL names none
  std::string target;  // path and query, "/" at least
};

// nullopt unless "http://host[:port][/path][?query]" or https; no user info, no fragment.
std::optional<HttpUrl> parse_http_url(std::string_view url);

}  // namespace votercast::web
