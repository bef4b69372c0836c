#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

// Vietnamese numbers to E.164: "0912 345 678", "84912345678", "+84912345678"
// all become "+84912345678". Other international numbers given with '+' are kept
// if plausible (8–15 digits). Returns nullopt for anything that is not a phone number.
std::optional<std::string> to_e164(std::string_view raw);

}  // namespace votercast::core
