#pragma once
#include <exception>

#include "web/net/http_types.hpp"

namespace votercast::web {

// Any failure -> the JSON error response the API promises: domain errors keep
// their code (409 carries "current_version"), bad requests their status, the rest 500.
Response response_for(std::exception_ptr error);

}  // namespace votercast::web
