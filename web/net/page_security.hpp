#pragma once
// Every HTML page votercast serves carries the same security headers: scripts and
// styles only from our own files (voter text can never run), no framing, no sniffing.
#include <string>

#include "web/net/http_types.hpp"

namespace votercast::web {

void add_page_security_headers(Response& response);
Response html_response(int status, std::string body);

}  // namespace votercast::web
