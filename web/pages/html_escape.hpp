#pragma once
#include <string>
#include <string_view>

namespace votercast::web {

// For text placed in HTML element content or a quoted attribute.
std::string html_escape(std::string_view text);

}  // namespace votercast::web
