#include "web/net/ip_allow_list.hpp"

#include <charconv>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace votercast::web {
namespace {

namespace ip = boost::asio::ip;

template <class Bytes>
void copy_bytes(unsigned char* out, const Bytes& bytes) {
  std::memcpy(out, bytes.data(), bytes.size());
}

}  // namespace

IpAllowList::IpAllowList(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    const auto slash = entry.find('/');
    boost::system::error_code ec;
    const auto address = ip::make_address(entry.substr(0, slash), ec);
    Network n;
    bool valid = !ec;
    if (valid) {
      n.v6 = address.is_v6();
      n.prefix = n.v6 ? 128 : 32;
      if (n.v6)
        copy_bytes(n.bytes, address.to_v6().to_bytes());
      else
        copy_bytes(n.bytes, address.to_v4().to_bytes());
      if (slash != std::string::npos) {
        const std::string_view p = std::string_view(entry).substr(slash + 1);
        int prefix = -1;
        const auto [end, pec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
        valid = pec == std::errc() && end == p.data() + p.size() && prefix >= 0 && prefix <= n.prefix;
        n.prefix = prefix;
      }
    }
    if (!valid)
      throw std::runtime_error("'" + entry + "' is not an IP address or network (203.0.113.7, 10.0.0.0/8, 2001:db8::/32)");
    networks_.push_back(n);
  }
}

bool IpAllowList::within(const Network& network, const Network& address) {
  if (network.v6 != address.v6) return false;
  int bits = network.prefix;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    const unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
    if ((network.bytes[i] & mask) != (address.bytes[i] & mask)) return false;
  }
  return true;
}

bool IpAllowList::allows(const std::string& ip_text) const {
  if (networks_.empty()) return true;
  boost::system::error_code ec;
  const auto address = ip::make_address(ip_text, ec);
  if (ec) return false;
  Network a;
  a.v6 = address.is_v6();
  if (a.v6)
    copy_bytes(a.bytes, address.to_v6().to_bytes());
  else
    copy_bytes(a.bytes, address.to_v4().to_bytes());
  for (const auto& n : networks_)
    if (within(n, a)) return true;
  return false;
}

}  // namespace votercast::web
