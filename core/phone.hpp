#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

// Why a typed number was refused: what the voter needs to know to fix it.
enum class PhoneProblem {
  none,
  not_a_number,     // letters, a second '+', an extension...
  not_vietnamese,   // no 0, 84 or + in front: a foreign number needs its '+'
  unknown_country,  // '+' and a calling code no country has
  too_short,
  too_long,
  no_such_prefix,   // the right length, but no operator or area has this prefix
};

struct ParsedPhone {
  std::optional<std::string> e164;       // "+84912345678" when it is a number
  PhoneProblem problem = PhoneProblem::none;  // otherwise why not
};

// Vietnamese numbers as people and SMS gateways write them ("0912 345 678", "(+84) 912.345.678",
// "84912345678", "0084 912...", "+84 (0) 912...") to E.164, checked against libphonenumber's
// metadata (mobile and landline prefixes, lengths). Other countries' numbers need a '+' and must
// be valid in their own country. Separators allowed: space, tab, '.', '-', '(', ')'.
ParsedPhone parse_phone(std::string_view raw);

// The number in E.164, or nullopt with any problem.
std::optional<std::string> to_e164(std::string_view raw);

// "Số điện thoại không hợp lệ: <lý do> / the phone number is not valid: <reason>".
std::string phone_problem_message(PhoneProblem problem);

}  // namespace votercast::core
