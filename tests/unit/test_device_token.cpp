// Device tokens (one vote per device): only tokens this server signed verify, each part
// is covered by the signature, and a token lives for the configured time only.
#include <gtest/gtest.h>

#include <sodium.h>

#include <string>

#include "core/device_token.hpp"

using namespace votercast::core;

namespace {

constexpr std::int64_t kHour = 3600 * 1000;
constexpr std::int64_t kShowStart = 1'795'000'000'000;  // a Unix time in ms, late 2026

struct Parts {
  std::string id, time, signature;
};

Parts split(const std::string& token) {
  const auto first = token.find('.'), last = token.rfind('.');
  return {token.substr(0, first), token.substr(first + 1, last - first - 1), token.substr(last + 1)};
}

std::string join(const Parts& p) { return p.id + "." + p.time + "." + p.signature; }

// What the server issued before tokens carried a time: "<id>.<HMAC-SHA256(key, id), 16 bytes>".
std::string old_format_token(const DeviceTokens::Key& key, const std::string& id) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(id.data()), id.size());
  crypto_auth_hmacsha256_final(&state, mac);
  std::string out(sodium_base64_ENCODED_LEN(16, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), mac, 16, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return id + "." + out;
}

char other(char c) { return c == 'A' ? 'B' : 'A'; }

class DeviceTokensTest : public ::testing::Test {
 protected:
  std::int64_t now = kShowStart;
  DeviceTokens::Key key = DeviceTokens::random_key();
  DeviceTokens tokens{key, 12 * kHour, [this] { return now; }};
};

TEST_F(DeviceTokensTest, CarryTheirIdAndIssueTimeUnderOneSignature) {
  const auto token = tokens.issue();
  const auto parts = split(token);
  EXPECT_EQ(parts.id.size(), 22u);
  EXPECT_EQ(parts.time, std::to_string(kShowStart));
  EXPECT_EQ(parts.signature.size(), 22u);
  const auto id = tokens.verify(token);
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, parts.id);
  EXPECT_NE(split(tokens.issue()).id, parts.id) << "a new device each time";
  EXPECT_FALSE(DeviceTokens(DeviceTokens::random_key(), 12 * kHour, [this] { return now; }).verify(token))
      << "another key";
}

TEST_F(DeviceTokensTest, AnEditedPartDoesNotVerify) {
  const auto token = tokens.issue();
  const auto parts = split(token);
  for (std::size_t i = 0; i < parts.id.size(); i += 7) {
    auto p = parts;
    p.id[i] = other(p.id[i]);
    EXPECT_FALSE(tokens.verify(join(p))) << "id edited at " << i;
  }
  auto earlier = parts;
  earlier.time = std::to_string(kShowStart - 1);
  EXPECT_FALSE(tokens.verify(join(earlier))) << "issue time moved";
  auto padded = parts;
  padded.time = "0" + parts.time;
  EXPECT_FALSE(tokens.verify(join(padded))) << "the same time written otherwise";
  for (std::size_t i = 0; i < parts.signature.size(); i += 7) {
    auto p = parts;
    p.signature[i] = other(p.signature[i]);
    EXPECT_FALSE(tokens.verify(join(p))) << "signature edited at " << i;
  }
  auto swapped = split(tokens.issue());
  swapped.id = parts.id;
  EXPECT_FALSE(tokens.verify(join(swapped))) << "another token's signature";
  EXPECT_FALSE(tokens.verify(token.substr(0, token.size() - 1)));
  EXPECT_FALSE(tokens.verify(token + "A"));
  EXPECT_FALSE(tokens.verify(token + ".x"));
  EXPECT_FALSE(tokens.verify(""));
  EXPECT_FALSE(tokens.verify(".."));
}

TEST_F(DeviceTokensTest, ExpireAfterTheirLifetime) {
  const auto token = tokens.issue();
  now += 12 * kHour;
  EXPECT_TRUE(tokens.verify(token)) << "good for the whole lifetime";
  now += 1;
  EXPECT_FALSE(tokens.verify(token)) << "expired";
  const auto fresh = tokens.issue();
  EXPECT_TRUE(tokens.verify(fresh));
  now -= 30'000;
  EXPECT_TRUE(tokens.verify(fresh)) << "the clock stepped back a little";
  now -= 60'000;
  EXPECT_FALSE(tokens.verify(fresh)) << "issued far in the future: not by this clock";

  // The lifetime is the configured one.
  DeviceTokens brief(key, 1000, [this] { return now; });
  const auto short_lived = brief.issue();
  now += 1000;
  EXPECT_TRUE(brief.verify(short_lived));
  now += 1;
  EXPECT_FALSE(brief.verify(short_lived));
  EXPECT_TRUE(tokens.verify(short_lived)) << "the same key: only the age decides";
}

TEST_F(DeviceTokensTest, OldFormatTokensAreRefused) {
  // Signed with this very key, and never expiring: refused, so its device gets a new token.
  const auto parts = split(tokens.issue());
  const auto old_style = old_format_token(key, parts.id);
  ASSERT_EQ(old_style.size(), 45u);
  EXPECT_FALSE(tokens.verify(old_style));
  EXPECT_FALSE(tokens.verify(parts.id + "." + parts.signature));
  EXPECT_FALSE(tokens.verify(parts.id + ".." + parts.signature)) << "no time";
  EXPECT_FALSE(tokens.verify(parts.id + ".-5." + parts.signature));
  EXPECT_FALSE(tokens.verify(parts.id + ".99999999999999999999." + parts.signature));
}

}  // namespace
