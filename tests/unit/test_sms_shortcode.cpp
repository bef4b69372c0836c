// A Vietnamese 8x77 short-code aggregator: MO in, MT echoing the Request_ID out.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/sms/idempotency.hpp"
#include "core/sms/keywords.hpp"
#include "core/sms/sms_reply.hpp"
#include "core/sms/vn_shortcode.hpp"
#include "shared_data.hpp"

namespace sms = votercast::core::sms;
using votercast::core::DomainError;

namespace {

constexpr std::int64_t kNow = 1764240000123;

sms::SmsParams shortcode_request(const std::string& message) {
  return {{"User_ID", "84912000111"}, {"Service_ID", "8077"},          {"Command_Code", "DT"},
          {"Message", message},       {"Request_ID", "2611270001234"}, {"Operator", "Viettel"}};
}

std::string error_code(const sms::SmsParams& params) {
  try {
    sms::parse_vn_shortcode(params, kNow);
  } catch (const DomainError& e) {
    return e.code;
  }
  return "(accepted)";
}

}  // namespace

TEST(SmsShortcode, MoFromTheAggregator) {
  const std::string text = read_shared_jsonl("questions.vi.jsonl").at(15).at("text");  // "DT duong DT743 …"
  ASSERT_TRUE(text.starts_with("DT ")) << text;
  const sms::InboundSms m = sms::parse_vn_shortcode(shortcode_request(text), kNow);
  EXPECT_EQ(m.gateway, "shortcode");
  EXPECT_EQ(m.message_id, "2611270001234");
  EXPECT_EQ(m.from, "+84912000111");
  EXPECT_EQ(m.from_raw, "84912000111");
  EXPECT_EQ(m.to, "8077");
  EXPECT_EQ(m.command_code, "DT");
  EXPECT_EQ(m.text, text);
  EXPECT_EQ(m.operator_name, "Viettel");
  EXPECT_EQ(sms::idempotency_key(m), "shortcode:2611270001234");

  sms::SmsParams without_operator = shortcode_request(text);
  without_operator.erase("Operator");
  EXPECT_FALSE(sms::parse_vn_shortcode(without_operator, kNow).operator_name.has_value());
}

TEST(SmsShortcode, MtEchoesTheRequestId) {
  const sms::InboundSms mo = sms::parse_vn_shortcode(shortcode_request("DT xin hoi bao gio co nuoc sach"), kNow);
  const sms::ShortcodeMt mt = sms::shortcode_reply(mo, "Cam on ban. Ma cau hoi: 7KQ2M9XD");
  EXPECT_EQ(mt.request_id, "2611270001234");
  EXPECT_EQ(mt.user_id, "84912000111");  // as the aggregator wrote it, not E.164
  EXPECT_EQ(mt.service_id, "8077");
  EXPECT_EQ(mt.command_code, "DT");
  const std::vector<std::pair<std::string, std::string>> expected = {{"User_ID", "84912000111"},
                                                                     {"Service_ID", "8077"},
                                                                     {"Command_Code", "DT"},
                                                                     {"Message", "Cam on ban. Ma cau hoi: 7KQ2M9XD"},
                                                                     {"Request_ID", "2611270001234"},
                                                                     {"Message_Type", "1"},
                                                                     {"Total_Message", "1"},
                                                                     {"Message_Index", "1"},
                                                                     {"IsMore", "0"},
                                                                     {"Content_Type", "0"}};
  EXPECT_EQ(mt.fields(), expected);
  EXPECT_EQ(mt.form_body(),
            "User_ID=84912000111&Service_ID=8077&Command_Code=DT&Message=Cam%20on%20ban.%20Ma%20cau%20hoi%3A%207KQ2M9XD"
            "&Request_ID=2611270001234&Message_Type=1&Total_Message=1&Message_Index=1&IsMore=0&Content_Type=0");
}

TEST(SmsShortcode, FromMoToMtReply) {
  const sms::InboundSms mo =
      sms::parse_vn_shortcode(shortcode_request("dt   kẹt xe ngã tư 550    giờ cao điểm,  khi nào mở rộng???"), kNow);
  const sms::KeywordMatch match = sms::KeywordTable::defaults().match(mo.text);
  EXPECT_EQ(match.action, sms::SmsAction::question);
  EXPECT_EQ(match.rest, "kẹt xe ngã tư 550 giờ cao điểm, khi nào mở rộng???");
  const sms::SmsReply reply = sms::compose_sms_reply({sms::kTicketReply, sms::kTicketReplyShort},
                                                     {{"ticket", "7KQ2M9XD"}, {"url", "https://hoidap.example.vn"}});
  const sms::ShortcodeMt mt = sms::shortcode_reply(mo, reply.text);
  EXPECT_EQ(mt.message, "Cam on ban. Ma cau hoi: 7KQ2M9XD. Theo doi tai https://hoidap.example.vn/t/7KQ2M9XD");
  EXPECT_NE(mt.form_body().find("&Request_ID=2611270001234&"), std::string::npos);
  EXPECT_NE(mt.form_body().find("https%3A%2F%2Fhoidap.example.vn%2Ft%2F7KQ2M9XD"), std::string::npos);
}

TEST(SmsShortcode, MissingFieldsAreNamed) {
  for (const auto& [field, code] : {std::pair{"User_ID", "missing_from"},
                                    {"Service_ID", "missing_to"},
                                    {"Command_Code", "missing_command_code"},
                                    {"Message", "missing_text"},
                                    {"Request_ID", "missing_request_id"}}) {
    sms::SmsParams request = shortcode_request("DT hoi");
    request.erase(field);
    EXPECT_EQ(error_code(request), code) << field;
  }
  EXPECT_EQ(error_code(shortcode_request("   ")), "missing_text");
  EXPECT_EQ(error_code(shortcode_request("DT \xC3")), "invalid_encoding");
  EXPECT_EQ(error_code(shortcode_request("DT " + std::string(1000, 'x'))), "too_long");
}
