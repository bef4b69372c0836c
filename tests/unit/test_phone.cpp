#include "core/phone.hpp"

#include <gtest/gtest.h>

#include "shared_data.hpp"
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <utility>

using votercast::core::parse_phone;
using votercast::core::PhoneProblem;
using votercast::core::to_e164;

TEST(Phone, VietnameseMobileFormsAgree) {
  for (const char* raw : {"0912345678", "84912345678", "+84912345678", "0912 345 678", "(+84) 912.345.678",
                          "0912-345-678", "+84 (0) 912 345 678", "0084912345678", " 0912345678 "}) {
    EXPECT_EQ(to_e164(raw), "+84912345678") << raw;
  }
}

TEST(Phone, VietnameseLandline) {
  EXPECT_EQ(to_e164("0274 3822 123"), "+842743822123");
  EXPECT_EQ(to_e164("(028) 3829 1234"), "+842838291234");
  EXPECT_EQ(to_e164("842743822123"), "+842743822123");
  EXPECT_EQ(to_e164("024 3825 3536"), "+842438253536");  // Hà Nội
  EXPECT_EQ(to_e164("0283 822 1234"), "+842838221234");  // TP. Hồ Chí Minh, grouped oddly
}

// What a length check let through and libphonenumber's prefix metadata does not.
TEST(Phone, ProblemsSayWhy) {
  const std::pair<const char*, PhoneProblem> cases[] = {
      {"0912345", PhoneProblem::too_short},
      {"091234567", PhoneProblem::too_short},
      {"091234567890", PhoneProblem::too_long},
      {"+84 1234 567 890", PhoneProblem::no_such_prefix},  // 10 digits, but no area code 12
      {"0101234567", PhoneProblem::no_such_prefix},        // 9 digits, but no mobile prefix 010
      {"0168 123 4567", PhoneProblem::no_such_prefix},     // Viettel's 0168 became 038 in 2018
      {"84101234567", PhoneProblem::no_such_prefix},       // as an SMS gateway writes it
      {"+1 202 000 0143", PhoneProblem::no_such_prefix},   // no US exchange 000
      {"+999 1234 5678", PhoneProblem::unknown_country},
      {"12025550143", PhoneProblem::not_vietnamese},
      {"0912a45678", PhoneProblem::not_a_number},
  };
  for (const auto& [raw, problem] : cases) {
    const auto parsed = parse_phone(raw);
    EXPECT_EQ(parsed.e164, std::nullopt) << raw;
    EXPECT_EQ(parsed.problem, problem) << raw;
  }
  EXPECT_EQ(parse_phone("0912 345 678").problem, PhoneProblem::none);
  const auto message = votercast::core::phone_problem_message(PhoneProblem::no_such_prefix);
  EXPECT_TRUE(message.starts_with("Số điện thoại không hợp lệ")) << message;  // Vietnamese first
  EXPECT_NE(message.find("prefix"), std::string::npos) << message;
}

TEST(Phone, OtherCountriesNeedAPlus) {
  EXPECT_EQ(to_e164("+1 202-555-0143"), "+12025550143");
  EXPECT_EQ(to_e164("+44 20 7946 0958"), "+442079460958");
  EXPECT_EQ(to_e164("+65 6123 4567"), "+6561234567");
  EXPECT_EQ(to_e164("12025550143"), std::nullopt);  // without '+' it is not ours to guess
}

TEST(Phone, RejectsWhatIsNotAPhoneNumber) {
  for (const char* raw : {"", "   ", "abc", "0912a45678", "12345", "091234567", "091234567890", "+123",
                          "+1234567890123456", "++84912345678", "0912+345678", "84 912 345", "+84 12345",
                          "0912345678 ext 2", "0912\xEF\xBC\x93" "45678", "+0912345678"}) {
    EXPECT_EQ(to_e164(raw), std::nullopt) << raw;
  }
}

TEST(Phone, EveryDatasetPhoneConverts) {
  int checked = 0;
  for (const auto& row : read_shared_jsonl("questions.vi.jsonl")) {
    const std::string phone = row.value("phone", "");
    if (phone.empty()) continue;
    const auto e164 = to_e164(phone);
    ASSERT_TRUE(e164.has_value()) << phone;
    EXPECT_TRUE(e164->starts_with("+84")) << phone;
    EXPECT_EQ(e164->size(), 12u) << phone;
    ++checked;
  }
  EXPECT_GE(checked, 20);
}
