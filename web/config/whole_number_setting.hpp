#pragma once
// A setting that is a whole number, read strictly: nlohmann's get<int>() would wrap
// port = 70000 into 4464, truncate 2.5 to 2, and a float past int's range is undefined.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace votercast::web {

// An integer from min to max as written in the file; else std::runtime_error naming the key.
std::int64_t whole_number_setting(const nlohmann::json& value, const std::string& key, std::int64_t min,
                                  std::int64_t max);

}  // namespace votercast::web
