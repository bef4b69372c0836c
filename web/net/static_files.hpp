#pragma once
#include <string>

#include "web/net/http_types.hpp"

namespace votercast::web {

// GET of a file under root ("/" is index.html). Paths with ".." or hidden
// segments are refused; unknown files get the JSON 404.
Response static_file(const std::string& root, const std::string& path);

}  // namespace votercast::web
