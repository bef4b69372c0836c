#pragma once
// The agencies a station configures are the only names a question may be forwarded
// to: an agency account sees the questions whose agency is exactly its own name.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace votercast::core {

// The configured spelling of `given` (matched without case or diacritics, spaces
// tidied), or nullopt when it is not one of them. With none configured, any
// non-empty name stands as given (NFC).
std::optional<std::string> configured_agency(std::string_view given, const std::vector<std::string>& configured);

}  // namespace votercast::core
