#include "core/sms/gateway_secret.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace votercast::core::sms {
namespace {

struct Digest {
  unsigned char bytes[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
};

Digest sha256(std::string_view s) {
  Digest d;
  if (EVP_Digest(s.data(), s.size(), d.bytes, &d.length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return d;
}

}  // namespace

bool gateway_secret_matches(std::string_view configured, std::string_view given) {
  if (configured.empty()) return false;
  const Digest a = sha256(configured), b = sha256(given);
  return CRYPTO_memcmp(a.bytes, b.bytes, a.length) == 0;
}

}  // namespace votercast::core::sms
