#include "web/config/whole_number_setting.hpp"

#include <stdexcept>

namespace votercast::web {

std::int64_t whole_number_setting(const nlohmann::json& value, const std::string& key, std::int64_t min,
                                  std::int64_t max) {
  if (!value.is_number_integer()) throw std::runtime_error("'" + key + "' must be a whole number");
  // An unsigned value past int64 is out of range, not wrapped to a negative one.
  const bool in_range = !(value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) &&
                        value.get<std::int64_t>() >= min && value.get<std::int64_t>() <= max;
  if (!in_range)
    throw std::runtime_error("'" + key + "' must be a whole number from " + std::to_string(min) + " to " +
                             std::to_string(max));
  return value.get<std::int64_t>();
}

}  // namespace votercast::web
