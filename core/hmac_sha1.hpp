#pragma once
// Base64(HMAC-SHA1(key, message)): how Twilio signs its webhooks and how a TURN server
// (coturn's use-auth-secret) checks the time-limited passwords we hand out.
#include <string>
#include <string_view>

namespace votercast::core {

std::string hmac_sha1_base64(std::string_view key, std::string_view message);

}  // namespace votercast::core
