// The [sms] table of the configuration and the gateways' address lists: a mistake is found
// when the server starts, named, never when a voter writes.
#include <gtest/gtest.h>

#include <fstream>

#include "live_server.hpp"
#include "web/config/config.hpp"
#include "web/net/ip_allow_list.hpp"
#include "web/config/sms_settings.hpp"

namespace votercast::test {
namespace {

using web::IpAllowList;
using web::parse_sms_settings;

std::string error_of(const nlohmann::json& sms) {
  try {
    parse_sms_settings(sms);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(accepted)";
}

bool mentions(const std::string& error, const std::string& what) { return error.find(what) != std::string::npos; }

TEST(SmsConfig, DefaultsAreEveryGatewayOffAndTheBuiltInKeywords) {
  const auto s = parse_sms_settings(nlohmann::json::object());
  EXPECT_FALSE(s.kannel.enabled);
  EXPECT_FALSE(s.jasmin.enabled);
  EXPECT_FALSE(s.twilio.enabled);
  EXPECT_FALSE(s.shortcode.enabled);
  EXPECT_EQ(s.keyword_table().match("hỏi: khi nào?").rest, "khi nào?");
  EXPECT_EQ(s.rate_messages, 5u);
  EXPECT_EQ(s.rate_per_minutes, 10);
  EXPECT_EQ(s.remember_days, 30);
}

TEST(SmsConfig, MistakesAreNamed) {
  EXPECT_TRUE(mentions(error_of({{"kanel", {{"enabled", true}}}}), "unknown setting 'sms.kanel'"));
  EXPECT_TRUE(mentions(error_of({{"kannel", {{"secrett", "x"}}}}), "unknown setting 'sms.kannel.secrett'"));
  EXPECT_TRUE(mentions(error_of({{"kannel", {{"enabled", true}}}}), "'sms.kannel.secret' is required"));
  EXPECT_TRUE(mentions(error_of({{"jasmin", {{"enabled", "yes"}, {"secret", "s"}}}}), "'sms.jasmin.enabled' must be true or false"));
  EXPECT_TRUE(mentions(error_of({{"shortcode", {{"enabled", true}, {"secret", "s"}, {"allow_ips", {"10.0.0.300"}}}}}),
                       "'10.0.0.300' is not an IP address"));
  EXPECT_TRUE(mentions(error_of({{"shortcode", {{"allow_ips", {"10.0.0.0/33"}}}}}), "'10.0.0.0/33'"));
  EXPECT_TRUE(mentions(error_of({{"twilio", {{"enabled", true}, {"url", "https://x/sms/twilio"}}}}), "'sms.twilio.auth_token'"));
  EXPECT_TRUE(mentions(error_of({{"twilio", {{"enabled", true}, {"auth_token", "t"}, {"url", "/sms/twilio"}}}}), "'sms.twilio.url'"));
  EXPECT_TRUE(mentions(error_of({{"twilio", {{"secret", "s"}}}}), "unknown setting 'sms.twilio.secret'"));
  EXPECT_TRUE(mentions(error_of({{"unknown_keyword", "ignore"}}), "'sms.unknown_keyword'"));
  EXPECT_TRUE(mentions(error_of({{"keywords", {{{"keyword", "DT"}, {"action", "ask"}}}}}), "'sms.keywords[0].action'"));
  EXPECT_TRUE(mentions(error_of({{"keywords", {{{"keyword", "DT"}}, {{"keyword", "dt"}}}}}), "given twice"));
  EXPECT_TRUE(mentions(error_of({{"keywords", {{{"keyword", "hai tu"}}}}}), "'sms.keywords' is not valid"));
  EXPECT_TRUE(mentions(error_of({{"keywords", {{{"action", "help"}}}}}), "'sms.keywords[0].keyword' is required"));
  EXPECT_TRUE(mentions(error_of({{"replies", {{"paused", "Tạm ngừng {ticket}"}}}}), "'sms.replies.paused' is not a valid template"));
  EXPECT_TRUE(mentions(error_of({{"replies", {{"ticket_short", "Cảm ơn"}}}}), "must contain {ticket}"));
  EXPECT_TRUE(mentions(error_of({{"replies", {{"help", ""}}}}), "'sms.replies.help' must not be empty"));
  EXPECT_TRUE(mentions(error_of({{"replies", {{"tiket", "x"}}}}), "unknown setting 'sms.replies.tiket'"));
  EXPECT_TRUE(mentions(error_of({{"rate_limit", {{"messages", 0}}}}), "'sms.rate_limit.messages'"));
  EXPECT_TRUE(mentions(error_of({{"rate_limit", {{"per_minute", 5}}}}), "unknown setting 'sms.rate_limit.per_minute'"));
  EXPECT_TRUE(mentions(error_of({{"remember_days", 0}}), "'sms.remember_days'"));
  EXPECT_TRUE(mentions(error_of(nlohmann::json::array()), "'sms' must be a table"));
}

TEST(SmsConfig, TomlFileWithEveryPart) {
  TempDir dir;
  const auto path = dir.file("votercast.toml");
  std::ofstream(path) << R"(public_url = "https://hoidap.example.vn"
[sms]
unknown_keyword = "help"
rate_limit = { messages = 3, per_minutes = 5 }

[sms.kannel]
enabled = true
secret = "k-secret"
allow_ips = ["127.0.0.1", "10.20.0.0/16"]
sendsms_url = "http://127.0.0.1:13013/cgi-bin/sendsms"
sendsms_user = "votercast"
sendsms_pass = "p"

[sms.twilio]
enabled = true
auth_token = "t"
url = "https://hoidap.example.vn/sms/twilio"

[[sms.keywords]]
keyword = "HOI"
action = "question"
accented = ["hỏi"]

[[sms.keywords]]
keyword = "TG"
action = "help"

[sms.replies]
ticket = "Da nhan cau hoi {ticket}: {url}/t/{ticket}"
unaccented = false
)";
  const auto c = web::load_config(path);
  EXPECT_TRUE(c.sms.kannel.enabled);
  EXPECT_EQ(c.sms.kannel.secret, "k-secret");
  EXPECT_TRUE(c.sms.kannel.allow_ips.allows("10.20.3.4"));
  EXPECT_FALSE(c.sms.kannel.allow_ips.allows("10.21.3.4"));
  EXPECT_EQ(c.sms.kannel.sendsms_user, "votercast");
  EXPECT_TRUE(c.sms.twilio.enabled);
  EXPECT_EQ(c.sms.rate_messages, 3u);
  EXPECT_EQ(c.sms.rate_per_minutes, 5);
  EXPECT_FALSE(c.sms.replies.unaccented);
  EXPECT_EQ(c.sms.replies.ticket, "Da nhan cau hoi {ticket}: {url}/t/{ticket}");
  const auto table = c.sms.keyword_table();
  EXPECT_EQ(table.match("TG").action, core::sms::SmsAction::help);
  EXPECT_EQ(table.match("DT cau hoi").action, core::sms::SmsAction::help) << "DT is not configured; unknown -> help";

  // The server refuses to start on a mistake, and says which.
  const auto typo = dir.file("typo.toml");
  std::ofstream(typo) << "[sms.kannel]\nenabled = true\n";
  std::string out;
  EXPECT_EQ(run_cli("serve --port 0 --no-programme --db " + dir.file("x.db") + " --config " + typo, "", &out), 1);
  EXPECT_NE(out.find("'sms.kannel.secret' is required"), std::string::npos) << out;
}

TEST(SmsIpAllowList, AddressesAndNetworks) {
  const IpAllowList list({"203.0.113.7", "10.0.0.0/8", "192.168.1.128/25", "2001:db8::/32", "::1"});
  EXPECT_TRUE(list.allows("203.0.113.7"));
  EXPECT_FALSE(list.allows("203.0.113.8"));
  EXPECT_TRUE(list.allows("10.255.0.1"));
  EXPECT_FALSE(list.allows("11.0.0.1"));
  EXPECT_TRUE(list.allows("192.168.1.200"));
  EXPECT_FALSE(list.allows("192.168.1.100"));
  EXPECT_TRUE(list.allows("2001:db8:1::5"));
  EXPECT_FALSE(list.allows("2001:db9::5"));
  EXPECT_TRUE(list.allows("::1"));
  EXPECT_FALSE(list.allows("127.0.0.1"));
  EXPECT_FALSE(list.allows("not an address"));
  EXPECT_FALSE(list.allows(""));
  EXPECT_TRUE(IpAllowList().allows("198.51.100.1")) << "an empty list allows everyone";
  EXPECT_TRUE(IpAllowList({"0.0.0.0/0"}).allows("198.51.100.1"));
  for (const std::string bad : {"", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "::/129", "host.example.vn", "10.0.0.0/8/8"})
    EXPECT_THROW(IpAllowList({bad}), std::runtime_error) << bad;
}

}  // namespace
}  // namespace votercast::test
