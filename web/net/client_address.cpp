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
  std::string_view chain = request.header("x-forwarded-for");
  while (!chain.empty()) {
    const auto comma = chain.rfind(',');
    const auto hop = trimmed(comma == std::string_view::npos ? chain : chain.substr(comma + 1));
    chain = comma == std::string_view::npos ? std::string_view{} : chain.substr(0, comma);
    if (hop.empty()) continue;
    const std::string address(hop);
    if (!trusted_proxies.allows(address)) return address;
  }
  return request.remote_ip;
}

}  // namespace votercast::web
