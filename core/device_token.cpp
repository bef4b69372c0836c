#include "core/device_token.hpp"

#include <sodium.h>

#include <stdexcept>

namespace votercast::core {
namespace {

constexpr std::size_t kIdBytes = 16, kSignatureBytes = 16;

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

DeviceTokens::Key DeviceTokens::random_key() {
  ensure_sodium();
  Key key;
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string DeviceTokens::signature(std::string_view id) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key_.data(), key_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(id.data()), id.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return base64url(mac, kSignatureBytes);
}

std::string DeviceTokens::issue() const {
  ensure_sodium();
  unsigned char raw[kIdBytes];
  randombytes_buf(raw, sizeof raw);
  const auto id = base64url(raw, sizeof raw);
  return id + "." + signature(id);
}

std::optional<std::string> DeviceTokens::verify(std::string_view token) const {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || dot != 22 || token.size() != 45) return std::nullopt;
  const auto id = token.substr(0, dot);
  const auto given = token.substr(dot + 1);
  const auto expected = signature(id);
  if (given.size() != expected.size() || sodium_memcmp(given.data(), expected.data(), given.size()) != 0)
    return std::nullopt;
  return std::string(id);
}

}  // namespace votercast::core
