#include "core/sms/twilio_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace votercast::core::sms {

std::string twilio_signature(std::string_view auth_token, std::string_view full_url, const SmsParams& post_fields) {
  std::string signed_text(full_url);
  for (const auto& [name, value] : post_fields) {
    signed_text += name;
    signed_text += value;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  if (HMAC(EVP_sha1(), auth_token.data(), static_cast<int>(auth_token.size()),
           reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac, &mac_length) == nullptr)
    throw std::runtime_error("HMAC-SHA1 failed");
  std::string base64(4 * ((mac_length + 2) / 3) + 1, '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), mac, static_cast<int>(mac_length));
  base64.resize(static_cast<std::size_t>(written));
  return base64;
}

bool twilio_signature_valid(std::string_view auth_token, std::string_view full_url, const SmsParams& post_fields,
                            std::string_view signature) {
  if (auth_token.empty() || signature.empty()) return false;
  const std::string expected = twilio_signature(auth_token, full_url, post_fields);
  // The length of a Base64 SHA-1 is public (28); only the bytes must not leak through timing.
  if (signature.size() != expected.size()) return false;
  return CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0;
}

}  // namespace votercast::core::sms
