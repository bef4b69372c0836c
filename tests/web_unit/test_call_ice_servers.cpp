// The [calls] STUN and TURN servers for one call: the studio's link in webrtcbin's form,
// the caller's browser as RTCIceServer objects, and with turn_secret each call's own
// credentials that expire, as coturn's use-auth-secret checks them.
#include <gtest/gtest.h>

#include "core/hmac_sha1.hpp"
#include "web/config/call_ice_servers.hpp"

namespace votercast::web {
namespace {

constexpr std::int64_t kNow = 1'796'400'000;  // 2026-12-04, unix seconds

TEST(CallIceServers, NoneWhenNoneIsSet) {
  EXPECT_EQ(browser_ice_servers(CallSettings{}, 7, kNow), nlohmann::json::array());
  EXPECT_EQ(studio_turn_server(CallSettings{}, 7, kNow), "");
}

TEST(CallIceServers, WithoutASecretThePhoneGetsStunButNeverTheTurnPassword) {
  CallSettings calls;
  calls.stun_server = "stun://stun.dai-truyen-hinh.vn:3478";
  calls.turn_server = "turn://studio:m%40t%3Akhau@turn.dai-truyen-hinh.vn:3478?transport=udp";
  EXPECT_EQ(browser_ice_servers(calls, 7, kNow),
            nlohmann::json::parse(R"([{"urls": "stun:stun.dai-truyen-hinh.vn:3478"}])"));
  EXPECT_EQ(studio_turn_server(calls, 7, kNow), calls.turn_server) << "the studio's as written";
}

TEST(CallIceServers, WithASecretEachSideOfEachCallGetsCredentialsThatExpire) {
  CallSettings calls;
  calls.turn_server = "turns://turn.dai-truyen-hinh.vn:5349?transport=tcp";
  calls.turn_secret = "bi-mat-chung-voi-coturn";
  const auto phone = browser_ice_servers(calls, 7, kNow);
  ASSERT_EQ(phone.size(), 1u) << phone.dump();
  EXPECT_EQ(phone[0]["urls"], "turns:turn.dai-truyen-hinh.vn:5349?transport=tcp");
  const std::string user = phone[0]["username"];
  EXPECT_EQ(user, std::to_string(kNow + kTurnCredentialSeconds) + ":caller-7");
  EXPECT_EQ(phone[0]["credential"], core::hmac_sha1_base64(calls.turn_secret, user)) << "what coturn computes";
  EXPECT_NE(browser_ice_servers(calls, 8, kNow)[0]["credential"], phone[0]["credential"]) << "each call its own";

  // The studio's: the same server, its own user, percent-encoded into webrtcbin's address.
  const std::string studio = studio_turn_server(calls, 7, kNow);
  const std::string expected_user = std::to_string(kNow + kTurnCredentialSeconds) + "%3Astudio-7:";
  EXPECT_EQ(studio.rfind("turns://" + expected_user, 0), 0u) << studio;
  EXPECT_TRUE(studio.ends_with("@turn.dai-truyen-hinh.vn:5349?transport=tcp")) << studio;
  const auto password = studio.substr(8 + expected_user.size(), studio.rfind('@') - 8 - expected_user.size());
  EXPECT_EQ(password.find_first_of("/+="), std::string::npos) << "encoded: " << password;
}

TEST(CallIceServers, ASecretReplacesCredentialsWrittenInTheAddress) {
  CallSettings calls;
  calls.turn_server = "turn://old:password@turn.example.vn";
  calls.turn_secret = "bi-mat-chung-voi-coturn";
  EXPECT_EQ(browser_ice_servers(calls, 1, kNow)[0]["urls"], "turn:turn.example.vn");
  EXPECT_EQ(studio_turn_server(calls, 1, kNow).find("old:password"), std::string::npos);
}

}  // namespace
}  // namespace votercast::web
