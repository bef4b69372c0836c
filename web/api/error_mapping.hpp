#pragma once
#include <exception>

#include "web/net/http_types.hpp"

namespace votercast::web {

// Any failure -> the JSON error response the API promises: domain errors keep
// their code (409 carries "current_version"), bad requests their status, a busy or
// failing store 503, the rest 500 "internal_error". What went wrong inside (SQLite's
// words, an exception's what()) goes to the log, never to the client.
Response response_for(std::exception_ptr error);

}  // namespace votercast::web
