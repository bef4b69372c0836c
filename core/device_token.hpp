#pragma once
// A voter's device, for "one vote per device": a random id the server signs (HMAC-SHA256),
// kept in a cookie. A forged or edited cookie does not verify, so new devices come only
// from the server. The token also carries when it was issued, under the same signature,
// and is refused once older than its lifetime (a show's length): a stock of cookies
// gathered before a poll is worthless by the next show.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

class DeviceTokens {
 public:
  using Key = std::array<unsigned char, 32>;
  using Clock = std::function<std::int64_t()>;  // milliseconds since the Unix epoch

  DeviceTokens(const Key& key, std::int64_t lifetime_ms, Clock clock);
  static Key random_key();

  // "<22 chars id>.<issued at, ms, decimal>.<22 chars signature>": id and signature in
  // base64url without padding; the signature covers "<id>.<issued at>".
  std::string issue() const;
  // The id inside a token this server issued and that has not expired, or nullopt.
  // (The id alone is the device: one vote per id, whatever its token's age.)
  std::optional<std::string> verify(std::string_view token) const;
  std::int64_t lifetime_ms() const { return lifetime_ms_; }

 private:
  std::string signature(std::string_view signed_part) const;
  Key key_;
  std::int64_t lifetime_ms_;
  Clock clock_;
};

}  // namespace votercast::core
