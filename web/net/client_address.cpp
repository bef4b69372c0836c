#include "web/net/client_address.hpp"

#include <string_view>

namespace votercast::web {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string client_address(const Request& request, const IpAllowList& trusted_proxies) {
  if (trusted_proxies.empty() || !trusted_proxies.allows(request.remote_ip)) return request.remote_ip;
  // Each proxy appends the address it heard from; read from the right past our own proxies.
  // A proxy may append a header line of its own (HAProxy's option forwardfor) instead of
  // extending the client's: every line counts, the last one nearest to us.
  for (auto line = request.headers.rbegin(); line != request.headers.rend(); ++line) {
    if (line->first != "x-forwarded-for") continue;
    std::string_view chain = line->second;
    while (!chain.empty()) {
      const auto comma = chain.rfind(',');
      const auto hop = trimmed(comma == std::string_view::npos ? chain : chain.substr(comma + 1));
      chain = comma == std::string_view::npos ? std::string_view{} : chain.substr(0, comma);
      if (hop.empty()) continue;
      const std::string address(hop);
      if (!trusted_proxies.allows(address)) return address;
    }
  }
  return request.remote_ip;
}

}  // namespace votercast::web
