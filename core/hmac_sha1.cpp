#include "core/hmac_sha1.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace votercast::core {

std::string hmac_sha1_base64(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
           message.size(), mac, &mac_length) == nullptr)
    throw std::runtime_error("HMAC-SHA1 failed");
  std::string base64(4 * ((mac_length + 2) / 3) + 1, '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), mac, static_cast<int>(mac_length));
  base64.resize(static_cast<std::size_t>(written));
  return base64;
}

}  // namespace votercast::core
