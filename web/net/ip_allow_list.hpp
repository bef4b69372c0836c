#pragma once
// Addresses a gateway may call from: single addresses ("203.0.113.7") and networks
// ("10.0.0.0/8", "2001:db8::/32"). An empty list allows every address.
#include <string>
#include <vector>

namespace votercast::web {

class IpAllowList {
 public:
  IpAllowList() = default;
  // Throws std::runtime_error naming the entry that is neither an address nor a network.
  explicit IpAllowList(const std::vector<std::string>& entries);

  // `ip` as Request::remote_ip has it (IPv4-mapped IPv6 already shown as IPv4).
  bool allows(const std::string& ip) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    bool v6 = false;
    unsigned char bytes[16] = {};
    int prefix = 0;  // bits that must match
  };
  static bool within(const Network& network, const Network& address);
  std::vector<Network> networks_;
};

}  // namespace votercast::web
