#pragma once
// A TURN password that expires, as a TURN server checks it without knowing each user
// (coturn's use-auth-secret and static-auth-secret; the "TURN REST API" draft): the user
// name is "<expiry, unix seconds>:<who>", the password Base64(HMAC-SHA1(secret, user name)).
// A caller's browser gets one for its call, so what it learns opens the relay to nobody
// once the call is long over; the studio mints its own for each call the same way.
#include <cstdint>
#include <string>
#include <string_view>

namespace votercast::core {

struct TurnCredential {
  std::string username;
  std::string password;
};

TurnCredential turn_credential(std::string_view secret, std::string_view who, std::int64_t expires_unix_s);

}  // namespace votercast::core
