#pragma once
// The pages a voter gets from the server itself, so that everything works
// without JavaScript: the answer to the question form, and the ticket's status.
#include <optional>
#include <string>

#include "core/question.hpp"
#include "web/net/http_types.hpp"

namespace votercast::web {

// A whole page in the voters' style (masthead, voter.css) around `main_html`.
std::string voter_page(const std::string& title, const std::string& main_html);
// An answered question's answer: by which agency and when, or "answered on air at …",
// and its text; "" for a question not answered. Everything escaped.
std::string answer_html(const core::Question& q);

Response submitted_page(const core::Question& q);
Response ticket_page(const core::Question& q);
Response ticket_not_found_page(const std::string& code);
// A refusal (validation error, intake paused, ...) as a page with a way back.
Response voter_error_page(int status, const std::string& message);
// A poll vote from the no-JavaScript form refused (limit, poll closed, ...): why, and the
// way back to the poll.
Response vote_refused_page(int status, const std::string& message);
// A poll vote without a valid device cookie: the voter page gives one when it loads,
// so the way on is to reload it (403).
Response vote_needs_reload_page();

}  // namespace votercast::web
