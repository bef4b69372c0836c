#pragma once
// A voter's device, for "one vote per device": a random id the server signs (HMAC-SHA256),
// kept in a cookie. A forged or edited cookie does not verify, so new devices come only
// from the server, one request each, and that request is rate limited per address.
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

class DeviceTokens {
 public:
  using Key = std::array<unsigned char, 32>;
  explicit DeviceTokens(const Key& key) : key_(key) {}
  static Key random_key();

  // "<22 chars id>.<22 chars signature>", base64url without padding.
  std::string issue() const;
  // The id inside a token this server issued, or nullopt.
  std::optional<std::string> verify(std::string_view token) const;

 private:
  std::string signature(std::string_view id) const;
  Key key_;
};

}  // namespace votercast::core
