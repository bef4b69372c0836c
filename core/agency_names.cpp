#include "core/agency_names.hpp"

#include "core/text.hpp"

namespace votercast::core {

std::optional<std::string> configured_agency(std::string_view given, const std::vector<std::string>& configured) {
  if (!text::is_valid_utf8(given)) return std::nullopt;
  auto name = text::normalize(given);
  if (configured.empty()) return name;
  const auto key = text::fold_key(name);
  for (const auto& candidate : configured)
    if (text::fold_key(candidate) == key) return candidate;
  return std::nullopt;
}

}  // namespace votercast::core
