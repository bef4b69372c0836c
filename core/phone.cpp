#include "core/phone.hpp"

#include <initializer_list>
#include <string>

namespace votercast::core {
namespace {

constexpr std::string_view kVietnam = "84";

// "+" and the parts, appended (GCC 12 at -O3 misreads `"+" + std::string(...)` as an
// overlapping memcpy and warns).
std::string plus_digits(std::initializer_list<std::string_view> parts) {
  std::string out = "+";
  for (auto part : parts) out += part;
  return out;
}

// National significant number (after the trunk 0): 9 digits for mobiles (91 234 5678),
// 10 for landlines (274 382 2xxx). Operator prefixes change too often to check more.
std::optional<std::string> vietnamese(std::string_view nsn) {
  if (nsn.size() != 9 && nsn.size() != 10) return std::nullopt;
  if (nsn.front() == '0') return std::nullopt;
  return plus_digits({kVietnam, nsn});
}

std::optional<std::string> international(std::string_view digits) {
  if (digits.starts_with(kVietnam)) {
    std::string_view nsn = digits.substr(kVietnam.size());
    if (nsn.starts_with('0')) nsn.remove_prefix(1);  // "+84 (0) 912..." is written often
    return vietnamese(nsn);
  }
  if (digits.size() < 8 || digits.size() > 15 || digits.front() == '0') return std::nullopt;
  return plus_digits({digits});
}

}  // namespace

std::optional<std::string> to_e164(std::string_view raw) {
  std::string digits;
  bool plus = false;
  for (char ch : raw) {
    if (ch >= '0' && ch <= '9') {
      digits += ch;
    } else if (ch == '+' && !plus && digits.empty()) {
      plus = true;
    } else if (ch != ' ' && ch != '.' && ch != '-' && ch != '(' && ch != ')' && ch != '\t') {
      return std::nullopt;
    }
  }
  if (digits.empty()) return std::nullopt;
  if (plus) return international(digits);

  std::string_view d = digits;
  if (d.starts_with("00")) return international(d.substr(2));  // Vietnam's international prefix
  if (d.starts_with('0')) return vietnamese(d.substr(1));
  if (d.starts_with(kVietnam) && (d.size() == 11 || d.size() == 12)) return vietnamese(d.substr(2));  // SMS gateways
  return std::nullopt;
}

}  // namespace votercast::core
