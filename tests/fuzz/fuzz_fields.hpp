#pragma once
// Fuzz inputs that carry several values (a gateway's fields; a cookie header and a name): a
// field ends at a backslash followed by any other byte, and two backslashes are one backslash
// (as libFuzzer's FuzzedDataProvider::ConsumeRandomLengthString). Every byte string is some
// list of fields, so the fuzzer reaches every value, and a seed stays readable: one field a
// line, each line ending in a backslash ("from=0912345678\" newline "text=Xin chào\" newline).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace votercast::fuzz {

inline std::vector<std::string> split_fields(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> fields(1);
  for (std::size_t i = 0; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\\' && i + 1 < size) {
      ++i;
      if (data[i] != '\\') {
        fields.emplace_back();
        continue;
      }
    }
    fields.back() += c;
  }
  return fields;
}

// "name=value" fields as name and value (value empty without '=').
inline std::pair<std::string, std::string> name_and_value(std::string_view field) {
  const auto eq = field.find('=');
  if (eq == std::string_view::npos) return {std::string(field), std::string()};
  return {std::string(field.substr(0, eq)), std::string(field.substr(eq + 1))};
}

}  // namespace votercast::fuzz
