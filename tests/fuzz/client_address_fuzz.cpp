// Who a request is from (web/net/client_address.hpp): X-Forwarded-For read past the trusted
// proxies (the address every per-voter limit counts by), and the allow lists that say who is
// trusted (web/net/ip_allow_list.hpp). Input: the peer's address, the trusted entries
// separated by commas, then X-Forwarded-For lines.
// fuzz-links: votercast_net
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_fields.hpp"
#include "web/net/client_address.hpp"
#include "web/net/ip_allow_list.hpp"

namespace {

using namespace votercast;

std::vector<std::string> split(std::string_view s, char by) {
  std::vector<std::string> out;
  for (;;) {
    const auto at = s.find(by);
    out.emplace_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The rule, read the other way: every hop of every line left to right, then the last one
// that is not trusted.
std::string expected(const web::Request& request, const web::IpAllowList& trusted) {
  if (trusted.empty() || !trusted.allows(request.remote_ip)) return request.remote_ip;
  std::vector<std::string> hops;
  for (const auto& [name, value] : request.headers)
    if (name == "x-forwarded-for")
      for (const std::string& hop : split(value, ','))
        if (!trimmed(hop).empty()) hops.emplace_back(trimmed(hop));
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop)
    if (!trusted.allows(*hop)) return *hop;
  return request.remote_ip;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto fields = fuzz::split_fields(data, size);
  web::Request request;
  request.remote_ip = fields[0];
  const std::vector<std::string> entries = fields.size() > 1 && !fields[1].empty() ? split(fields[1], ',') : std::vector<std::string>{};

  web::IpAllowList trusted;
  try {
    trusted = web::IpAllowList(entries);
  } catch (const std::runtime_error&) {
    return 0;  // a bad entry is refused when the configuration is read
  }
  FUZZ_CHECK(trusted.empty() == entries.empty(), "entries lost");
  for (const std::string& entry : entries)  // a network holds its own address
    FUZZ_CHECK(trusted.allows(entry.substr(0, entry.find('/'))), "an entry does not allow itself: " + entry);

  request.headers.emplace_back("host", "votercast.example");
  for (std::size_t i = 2; i < fields.size(); ++i) {
    request.headers.emplace_back("x-forwarded-for", fields[i]);
    if (i % 2 == 0) request.headers.emplace_back("x-real-ip", fields[i]);  // never read
  }
  const std::string address = web::client_address(request, trusted);
  FUZZ_CHECK(address == expected(request, trusted), "client address: " + address + " vs " + expected(request, trusted));
  FUZZ_CHECK(address == request.remote_ip || (!trusted.allows(address) && address.find(',') == std::string::npos),
             "a trusted proxy or a list taken for the voter: " + address);
  return 0;
}
