// Time-limited TURN credentials as coturn's use-auth-secret checks them, on HMAC-SHA1
// (the same Base64 HMAC-SHA1 as Twilio's signatures).
#include <gtest/gtest.h>

#include "core/hmac_sha1.hpp"
#include "core/turn_credential.hpp"

namespace votercast::core {
namespace {

TEST(HmacSha1, MatchesAKnownVector) {
  // HMAC-SHA1("key", "The quick brown fox jumps over the lazy dog") = de7c9b85...c9db4d9
  EXPECT_EQ(hmac_sha1_base64("key", "The quick brown fox jumps over the lazy dog"), "3nybhbi3iqa8ino29wqQcBydtNk=");
}

TEST(TurnCredential, UserNameIsExpiryAndWhoPasswordIsItsHmac) {
  const auto credential = turn_credential("key", "caller-42", 1796421600);
  EXPECT_EQ(credential.username, "1796421600:caller-42");
  EXPECT_EQ(credential.password, hmac_sha1_base64("key", "1796421600:caller-42"));
  EXPECT_NE(turn_credential("other key", "caller-42", 1796421600).password, credential.password);
  EXPECT_NE(turn_credential("key", "caller-42", 1796421601).password, credential.password);
}

}  // namespace
}  // namespace votercast::core
