#pragma once
// The pages a voter gets from the server itself, so that everything works
// without JavaScript: the answer to the question form, and the ticket's status.
#include <optional>
#include <string>

#include "core/question.hpp"
#include "web/http_types.hpp"

namespace votercast::web {

Response submitted_page(const core::Question& q);
Response ticket_page(const core::Question& q);
Response ticket_not_found_page(const std::string& code);
// A refusal (validation error, intake paused, ...) as a page with a way back.
Response voter_error_page(int status, const std::string& message);

}  // namespace votercast::web
