#pragma once
// The public archive /answers as a page rendered by the server (no JavaScript):
// the search form, one page of answered questions, links to the other pages.
#include <cstdint>
#include <string>
#include <vector>

#include "core/store/question_table.hpp"
#include "web/net/http_types.hpp"

namespace votercast::web {

// What the reader asked for, as typed (the form shows it back).
struct ArchiveSearch {
  std::string q;
  std::string topic;
  std::string area;
  int page = 1;
};

inline constexpr int kArchivePageSize = 20;

struct ArchiveChoices {
  const std::vector<std::string>& topics;
  const std::vector<std::string>& areas;
};

Response archive_page(const ArchiveSearch& search, const core::store::QuestionPage& found, const ArchiveChoices& choices);
// The form again, with why the search could not run (status 4xx).
Response archive_refusal_page(int status, const std::string& message, const ArchiveSearch& search,
                              const ArchiveChoices& choices);

}  // namespace votercast::web
