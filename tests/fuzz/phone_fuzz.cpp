// Phone numbers as voters and gateways write them (core/phone.hpp). parse_phone reads the
// common Vietnamese forms on a fast path of its own; libphonenumber's Parse is the reference
// it must agree with, and what it accepts must be E.164 that reads back as itself.
// fuzz-links: votercast_core votercast_phonenumber
#include <phonenumbers/phonenumberutil.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/phone.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace votercast;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

bool separator(char c) { return c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '\t'; }

// The forms core/phone.hpp documents, read with libphonenumber alone: E.164 or nullopt.
// nullopt too for text that is not those forms (parse_phone must refuse it as well).
std::optional<std::string> reference(std::string_view raw, bool& is_a_form) {
  std::string digits;
  bool plus = false;
  is_a_form = false;
  for (char c : raw) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c == '+' && !plus && digits.empty()) plus = true;
    else if (!separator(c)) return std::nullopt;
  }
  if (digits.empty()) return std::nullopt;
  std::string text;
  if (plus) text = "+" + digits;
  else if (digits.starts_with("00")) text = "+" + digits.substr(2);
  else if (digits.starts_with("0")) text = digits;
  else if (digits.starts_with("84")) text = "+" + digits;
  else return std::nullopt;
  // "+84 (0) 912…": the trunk 0 written after the country code.
  if (text.starts_with("+840") && !text.starts_with("+8400")) text = "+84" + text.substr(4);
  is_a_form = true;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  // With Vietnam as the default region, as parse_phone asks (which reads "+0084…" as +84 too).
  if (util.Parse(text, "VN", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  if (!util.IsValidNumber(number)) return std::nullopt;
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const core::ParsedPhone parsed = core::parse_phone(raw);
  FUZZ_CHECK(parsed.e164.has_value() == (parsed.problem == core::PhoneProblem::none), "a number and a problem");
  FUZZ_CHECK(parsed.e164 == core::to_e164(raw), "to_e164 differs from parse_phone");
  if (!parsed.e164) FUZZ_CHECK(!core::phone_problem_message(parsed.problem).empty(), "a refusal says why");

  bool is_a_form = false;
  const auto expected = reference(raw, is_a_form);
  FUZZ_CHECK(parsed.e164 == expected, "parse_phone and libphonenumber disagree on [" + std::string(raw) + "]: " +
                                          parsed.e164.value_or("refused") + " vs " + expected.value_or("refused"));
  if (!is_a_form)
    FUZZ_CHECK(parsed.problem == core::PhoneProblem::not_a_number || parsed.problem == core::PhoneProblem::not_vietnamese,
               "not one of the forms, yet not refused as such");
  if (parsed.e164) {
    const std::string& e164 = *parsed.e164;
    // '+', a country code and the national number, digits only. Not ITU's 15 digits at most:
    // libphonenumber's metadata holds longer valid numbers (Germany's +49 86810023453566).
    FUZZ_CHECK(e164.size() >= 3 && e164.size() <= 1 + 3 + 17 && e164[0] == '+' && e164[1] != '0' &&
                   e164.find_first_not_of("0123456789", 1) == std::string::npos,
               "not E.164: " + e164);
    FUZZ_CHECK(core::to_e164(e164) == e164, "E.164 does not read back as itself: " + e164);
    if (e164.starts_with("+84"))  // and a Vietnamese number in its national form too
      FUZZ_CHECK(core::to_e164("0" + e164.substr(3)) == e164, "national form differs: " + e164);
  }
  return 0;
}
