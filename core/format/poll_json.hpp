#pragma once
// The JSON of a poll with its counts: for staff, events and the voters' page alike
// (a poll holds nothing private).
#include <cstdint>
#include <string>
#include <unordered_map>

#include "core/poll.hpp"

namespace votercast::core {

std::string poll_json_text(const Poll& poll, const std::unordered_map<std::string, std::int64_t>& counts);
// {"poll_id", "counts": {"A": n, ...}, "total"}: the live numbers alone.
std::string poll_counts_json_text(const Poll& poll, const std::unordered_map<std::string, std::int64_t>& counts);

}  // namespace votercast::core
