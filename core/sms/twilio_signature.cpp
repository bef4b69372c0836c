#include "core/sms/twilio_signature.hpp"

#include <openssl/crypto.h>

#include "core/hmac_sha1.hpp"

namespace votercast::core::sms {

std::string twilio_signature(std::string_view auth_token, std::string_view full_url, const SmsParams& post_fields) {
  std::string signed_text(full_url);
  for (const auto& [name, value] : post_fields) {
    signed_text += name;
    signed_text += value;
  }
  return hmac_sha1_base64(auth_token, signed_text);
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
