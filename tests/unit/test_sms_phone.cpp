// One sender however the gateway writes the number; masked for staff who may not see it.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "core/phone.hpp"
#include "core/sms/kannel.hpp"
#include "core/sms/phone_mask.hpp"
#include "core/sms/vn_shortcode.hpp"
#include "shared_data.hpp"

namespace sms = votercast::core::sms;

TEST(SmsPhone, GatewayNumberFormsAreOneSender) {
  for (const char* from : {"0912345678", "84912345678", "+84912345678", " 84912345678"}) {
    const sms::SmsParams kannel = {{"from", from}, {"to", "8077"}, {"text", "DT hoi"}};
    EXPECT_EQ(sms::parse_kannel(kannel, 0).from, "+84912345678") << from;
    const sms::SmsParams shortcode = {
        {"User_ID", from}, {"Service_ID", "8077"}, {"Command_Code", "DT"}, {"Message", "DT hoi"}, {"Request_ID", "1"}};
    EXPECT_EQ(sms::parse_vn_shortcode(shortcode, 0).from, "+84912345678") << from;
  }
}

// A sender with a prefix no Vietnamese operator has is refused, with the reason.
TEST(SmsPhone, GatewaySenderWithNoSuchPrefixIsRefused) {
  for (const char* from : {"84101234567", "841681234567", "8491234"}) {
    const sms::SmsParams kannel = {{"from", from}, {"to", "8077"}, {"text", "DT hoi"}};
    try {
      sms::parse_kannel(kannel, 0);
      ADD_FAILURE() << from << " was accepted";
    } catch (const votercast::core::DomainError& e) {
      EXPECT_EQ(e.code, "invalid_from") << from;
      EXPECT_NE(std::string(e.what()).find("không hợp lệ"), std::string::npos) << e.what();
    }
  }
}

TEST(SmsPhone, MaskShowsTheNationalFormWithTheMiddleHidden) {
  for (const char* phone : {"+84912345678", "84912345678", "0912345678", "0912 345 678"}) {
    EXPECT_EQ(sms::mask_phone(phone), "0912***678") << phone;
  }
  EXPECT_EQ(sms::mask_phone("+842743822123"), "0274****123");
  EXPECT_EQ(sms::mask_phone("+12025550143"), "+120*****143");
  EXPECT_EQ(sms::mask_phone("Viettel"), "***");
  EXPECT_EQ(sms::mask_phone(""), "***");
}

TEST(SmsPhone, EveryDatasetPhoneIsMaskedAndHidesItsMiddle) {
  int checked = 0;
  for (const auto& row : read_shared_jsonl("questions.vi.jsonl")) {
    const std::string phone = row.value("phone", "");
    if (phone.empty()) continue;
    const std::string e164 = *votercast::core::to_e164(phone);
    const std::string national = "0" + e164.substr(3);
    const std::string masked = sms::mask_phone(phone);
    EXPECT_EQ(masked.size(), national.size()) << phone;
    EXPECT_EQ(masked.substr(0, 4), national.substr(0, 4)) << phone;
    EXPECT_EQ(masked.substr(masked.size() - 3), national.substr(national.size() - 3)) << phone;
    EXPECT_EQ(masked.substr(4, masked.size() - 7), std::string(masked.size() - 7, '*')) << phone;
    ++checked;
  }
  EXPECT_GE(checked, 20);
}
