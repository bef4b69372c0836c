#pragma once
// Reading a cookie from a request's Cookie header.
#include <optional>
#include <string>
#include <string_view>

#include "web/net/http_types.hpp"

namespace votercast::web {

// The value of the first cookie called `name`, or nullopt.
std::optional<std::string> cookie_value(const Request& request, std::string_view name);

}  // namespace votercast::web
