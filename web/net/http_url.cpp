#include "web/net/http_url.hpp"

#include <string>

#include <boost/url/parse.hpp>

namespace votercast::web {

std::optional<HttpUrl> parse_http_url(std::string_view text) {
  // A URL here is ASCII; Boost 1.81's parser asserts on some other bytes after a scheme.
  for (const char c : text)
    if (c <= ' ' || c > '~') return std::nullopt;
  const auto url = boost::urls::parse_absolute_uri(text);  // no fragment
  if (!url || url->has_userinfo()) return std::nullopt;
  // Boost 1.81 reads "http://h:8x/" as port 8 and path "x/": a path after an authority
  // must begin with '/'.
  if (!url->encoded_path().empty() && url->encoded_path().front() != '/') return std::nullopt;
  HttpUrl out;
  if (url->scheme_id() == boost::urls::scheme::https) {
    out.tls = true;
  } else if (url->scheme_id() != boost::urls::scheme::http) {
    return std::nullopt;
  }
  out.host = url->host_type() == boost::urls::host_type::ipv6 ? url->host_address() : url->encoded_host();
  if (out.host.empty()) return std::nullopt;
  if (!url->has_port()) {
    out.port = out.tls ? "443" : "80";
  } else if (url->port().empty() || url->port().size() > 5 || std::stoi(std::string(url->port())) > 65535) {
    return std::nullopt;
  } else {
    out.port = url->port();
  }
  out.target = url->encoded_path().empty() ? "/" : std::string(url->encoded_path());
  if (url->has_query()) out.target += "?" + std::string(url->encoded_query());
  return out;
}

}  // namespace votercast::web
