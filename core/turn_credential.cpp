#include "core/turn_credential.hpp"

#include "core/hmac_sha1.hpp"

namespace votercast::core {

TurnCredential turn_credential(std::string_view secret, std::string_view who, std::int64_t expires_unix_s) {
  TurnCredential credential;
  credential.username = std::to_string(expires_unix_s) + ":" + std::string(who);
  credential.password = hmac_sha1_base64(secret, credential.username);
  return credential;
}

}  // namespace votercast::core
