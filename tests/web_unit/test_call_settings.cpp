// [calls]' ICE settings: what webrtcbin takes, refused at start with the reason when it
// would not (a browser's stun:host form, a TURN address without its credentials).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "web/config/config.hpp"
#include "web/live/studio_signalling.hpp"

namespace votercast::web {
namespace {

std::string refusal(const std::string& calls_json) {
  try {
    parse_config(R"({"calls": )" + calls_json + "}", "votercast.json");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(CallSettings, IceServersAndAddressesReachTheLinks) {
  const auto calls = parse_config(
                         "[calls]\n"
                         "stun_server = \"stun://stun.example.vn:3478\"\n"
                         "turn_server = \"turns://votercast:b%40d-pass@turn.example.vn:5349?transport=tcp\"\n"
                         "ice_addresses = [\"10.0.0.5\", \"::1\"]\n",
                         "v.toml")
                         .calls;
  EXPECT_EQ(calls.stun_server, "stun://stun.example.vn:3478");
  const auto link = caller_link_settings(calls);
  EXPECT_EQ(link.stun_server, "stun://stun.example.vn:3478");
  EXPECT_EQ(link.turn_server, "turns://votercast:b%40d-pass@turn.example.vn:5349?transport=tcp");
  EXPECT_EQ(link.local_addresses, (std::vector<std::string>{"10.0.0.5", "::1"}));
  // None by default: host candidates on every interface.
  const auto plain = caller_link_settings(parse_config("{}", "v.json").calls);
  EXPECT_TRUE(plain.stun_server.empty() && plain.turn_server.empty() && plain.local_addresses.empty());
  EXPECT_EQ(refusal(R"({"stun_server": "stun://[2001:db8::1]:3478", "turn_server": ""})"), "(accepted)");
}

TEST(CallSettings, WhatWebrtcbinWouldNotTakeIsRefusedWithTheReason) {
  EXPECT_NE(refusal(R"({"stun_server": "stun:stun.l.google.com:19302"})").find("'calls.stun_server' must be stun://"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"stun_server": "stun://host:99999"})").find("calls.stun_server"), std::string::npos);
  EXPECT_NE(refusal(R"({"stun_server": "stun://ho st"})").find("calls.stun_server"), std::string::npos);
  EXPECT_NE(refusal(R"({"stun_server": 3478})").find("must be a string"), std::string::npos);
  EXPECT_NE(refusal(R"({"turn_server": "turn://turn.example.vn:3478"})").find("credentials"), std::string::npos);
  EXPECT_NE(refusal(R"({"turn_server": "turn://user@turn.example.vn"})").find("credentials"), std::string::npos);
  EXPECT_NE(refusal(R"({"turn_server": "http://u:p@turn.example.vn"})").find("turn://"), std::string::npos);
  EXPECT_NE(refusal(R"({"turn_server": "turn://u:p@turn.example.vn?transport=sctp"})").find("transport"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"turn_server": "turn://u:p@"})").find("host"), std::string::npos);
  EXPECT_NE(refusal(R"({"ice_addresses": ["eth0"]})").find("'eth0', which is not an IP address"), std::string::npos);
  EXPECT_NE(refusal(R"({"ice_addresses": "127.0.0.1"})").find("must be a list"), std::string::npos);
}

// With a shared secret, the TURN address carries no password: each call gets its own.
TEST(CallSettings, ATurnSecretStandsInForTheCredentials) {
  EXPECT_EQ(refusal(R"({"turn_server": "turn://turn.example.vn:3478", "turn_secret": "bi-mat-chung-voi-coturn"})"),
            "(accepted)");
  EXPECT_NE(refusal(R"({"turn_secret": "bi-mat-chung-voi-coturn"})").find("needs calls.turn_server"), std::string::npos);
  EXPECT_NE(refusal(R"({"turn_server": "turn://turn.example.vn", "turn_secret": "ngan"})").find("16 characters"),
            std::string::npos);
}

}  // namespace
}  // namespace votercast::web
