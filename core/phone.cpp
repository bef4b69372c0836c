#include "core/phone.hpp"

#include <cstdint>

#include <phonenumbers/phonenumberutil.h>

namespace votercast::core {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

ParsedPhone refused(PhoneProblem problem) { return {std::nullopt, problem}; }

// Our own first pass, stricter than libphonenumber's, which would read letters as keypad
// digits ("1-800-FLOWERS"), accept "ext 2" and full-width digits: a voter's number is digits.
// Returns what libphonenumber is given: "+<digits>" or a national "0<digits>".
std::optional<std::string> plain_form(std::string_view raw, PhoneProblem& problem) {
  std::string digits;
  bool plus = false;
  for (char ch : raw) {
    if (ch >= '0' && ch <= '9') {
      digits += ch;
    } else if (ch == '+' && !plus && digits.empty()) {
      plus = true;
    } else if (ch != ' ' && ch != '.' && ch != '-' && ch != '(' && ch != ')' && ch != '\t') {
      problem = PhoneProblem::not_a_number;
      return std::nullopt;
    }
  }
  if (digits.empty()) {
    problem = PhoneProblem::not_a_number;
    return std::nullopt;
  }
  std::string_view d = digits;
  if (plus) return "+" + digits;
  if (d.starts_with("00")) return "+" + std::string(d.substr(2));  // Vietnam's international prefix
  if (d.starts_with('0')) return digits;                             // national, trunk 0
  if (d.starts_with("84")) return "+" + digits;                      // SMS gateways: 84912... without '+'
  problem = PhoneProblem::not_vietnamese;  // "12025550143": without '+' it is not ours to guess
  return std::nullopt;
}

// The common case without Parse, which costs most of the time (its regular expressions):
// "+84<nsn>", "+840<nsn>" or "0<nsn>" already say country and national number.
bool vietnamese_number(std::string_view plain, PhoneNumber& number) {
  if (plain.starts_with("+84")) {
    plain.remove_prefix(3);
    if (plain.starts_with('0')) plain.remove_prefix(1);  // "+84 (0) 912..." is written often
  } else if (plain.starts_with('0')) {
    plain.remove_prefix(1);
  } else {
    return false;
  }
  if (plain.empty() || plain.size() > 12 || plain.front() == '0') return false;  // Parse says why
  std::uint64_t nsn = 0;
  for (char ch : plain) nsn = nsn * 10 + static_cast<std::uint64_t>(ch - '0');
  number.set_country_code(84);
  number.set_national_number(nsn);
  return true;
}

PhoneProblem parse_error_problem(PhoneNumberUtil::ErrorType error) {
  switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR: return PhoneProblem::unknown_country;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN: return PhoneProblem::too_short;
    case PhoneNumberUtil::TOO_LONG_NSN: return PhoneProblem::too_long;
    default: return PhoneProblem::not_a_number;
  }
}

// A number libphonenumber finds invalid: wrong length for a phone someone answers (mobile or
// landline: the general lengths would also allow short service numbers), else a prefix nobody has.
PhoneProblem invalid_problem(const PhoneNumberUtil& util, const PhoneNumber& number) {
  switch (util.IsPossibleNumberForTypeWithReason(number, PhoneNumberUtil::FIXED_LINE_OR_MOBILE)) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE: return PhoneProblem::unknown_country;
    case PhoneNumberUtil::TOO_SHORT: return PhoneProblem::too_short;
    case PhoneNumberUtil::TOO_LONG: return PhoneProblem::too_long;
    default: return PhoneProblem::no_such_prefix;
  }
}

}  // namespace

ParsedPhone parse_phone(std::string_view raw) {
  PhoneProblem problem = PhoneProblem::none;
  const auto plain = plain_form(raw, problem);
  if (!plain) return refused(problem);

  // A singleton built once (the metadata is compiled in); its methods are const and thread-safe.
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (!vietnamese_number(*plain, number)) {
    const auto error = util.Parse(*plain, "VN", &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR) return refused(parse_error_problem(error));
  }
  if (!util.IsValidNumber(number)) return refused(invalid_problem(util, number));
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return {std::move(e164), PhoneProblem::none};
}

std::optional<std::string> to_e164(std::string_view raw) { return parse_phone(raw).e164; }

std::string phone_problem_message(PhoneProblem problem) {
  const auto message = [](std::string_view vi, std::string_view en) {
    return "Số điện thoại không hợp lệ: " + std::string(vi) + " / the phone number is not valid: " + std::string(en);
  };
  switch (problem) {
    case PhoneProblem::none: break;
    case PhoneProblem::not_a_number:
      return message("chỉ gồm chữ số, dấu cách, chấm, gạch ngang, ngoặc và một dấu + ở đầu",
                     "only digits, spaces, dots, dashes, parentheses and one leading + are allowed");
    case PhoneProblem::not_vietnamese:
      return message("không phải số Việt Nam (bắt đầu bằng 0, 84 hoặc +84; số nước ngoài cần dấu +)",
                     "not a Vietnamese number (start with 0, 84 or +84; other countries need a +)");
    case PhoneProblem::unknown_country:
      return message("không có mã nước này", "no country has this calling code");
    case PhoneProblem::too_short: return message("thiếu chữ số", "too short");
    case PhoneProblem::too_long: return message("thừa chữ số", "too long");
    case PhoneProblem::no_such_prefix:
      return message("không có đầu số này", "no operator or area has this prefix");
  }
  return message("", "");
}

}  // namespace votercast::core
