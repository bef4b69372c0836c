#pragma once
#include <cstdint>
#include <string>

namespace votercast::core {

std::int64_t now_ms();
// "2026-11-27T11:41:15.123Z"
std::string iso8601_utc(std::int64_t unix_ms);

}  // namespace votercast::core
