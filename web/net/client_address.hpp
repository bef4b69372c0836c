#pragma once
// The voter's address as seen past the station's own reverse proxies: per-address limits
// (votes, logins) and gateway allow-lists must see the phone's address, not nginx's.
#include <string>

#include "web/net/http_types.hpp"
#include "web/net/ip_allow_list.hpp"

namespace votercast::web {

// When the connection comes from a trusted proxy, the right-most address of
// X-Forwarded-For (across all its header lines, the last line right-most) that is not
// itself a trusted proxy; otherwise the connection's address.
// An empty trust list trusts nobody (X-Forwarded-For is then ignored: anyone can send it).
std::string client_address(const Request& request, const IpAllowList& trusted_proxies);

}  // namespace votercast::web
