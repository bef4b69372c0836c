#include "core/device_token.hpp"

#include <sodium.h>

#include <charconv>
#include <stdexcept>

namespace votercast::core {
namespace {

constexpr std::size_t kIdBytes = 16, kSignatureBytes = 16;
constexpr std::size_t kIdChars = 22, kSignatureChars = 22;  // base64url of 16 bytes
constexpr std::size_t kMaxTimeChars = 15;                   // ms until the year 33658
// A token stamped a little ahead of this server's clock is its own, issued just before
// a clock step back (NTP); one far ahead was never issued here.
constexpr std::int64_t kClockSkewMs = 60'000;

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::optional<std::int64_t> issued_at(std::string_view digits) {
  if (digits.empty() || digits.size() > kMaxTimeChars || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

DeviceTokens::DeviceTokens(const Key& key, std::int64_t lifetime_ms, Clock clock)
    : key_(key), lifetime_ms_(lifetime_ms), clock_(std::move(clock)) {
  ensure_sodium();
}

DeviceTokens::Key DeviceTokens::random_key() {
  ensure_sodium();
  Key key;
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string DeviceTokens::signature(std::string_view signed_part) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key_.data(), key_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return base64url(mac, kSignatureBytes);
}

std::string DeviceTokens::issue() const {
  unsigned char raw[kIdBytes];
  randombytes_buf(raw, sizeof raw);
  const auto signed_part = base64url(raw, sizeof raw) + "." + std::to_string(clock_());
  return signed_part + "." + signature(signed_part);
}

std::optional<std::string> DeviceTokens::verify(std::string_view token) const {
  // id.time.signature; the old two-part tokens (id.signature) have no second dot.
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  if (first != kIdChars || last == first || token.size() != last + 1 + kSignatureChars) return std::nullopt;
  const auto signed_part = token.substr(0, last);
  const auto given = token.substr(last + 1);
  const auto expected = signature(signed_part);
  if (sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) return std::nullopt;
  // Only a genuine token's time is read: the signature was checked first.
  const auto issued = issued_at(signed_part.substr(first + 1));
  if (!issued) return std::nullopt;
  const auto now = clock_();
  if (*issued > now + kClockSkewMs || now - *issued > lifetime_ms_) return std::nullopt;
  return std::string(token.substr(0, first));
}

}  // namespace votercast::core
