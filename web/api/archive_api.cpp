// The public archive of answered questions: GET /api/answers (JSON) and /answers
// (the page). Search ignores diacritics and case; names appear only where the voter
// allowed it; phone numbers never.
#include <algorithm>
#include <string>

#include "core/format/json_text.hpp"
#include "core/format/question_json.hpp"
#include "core/store/question_table.hpp"
#include "core/text.hpp"
#include "web/api/api_support.hpp"
#include "web/pages/archive_page.hpp"
#include "web/live/read_thread.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

constexpr std::size_t kMaxSearchChars = 200;

std::string text_param(const Request& request, const char* name) {
  const auto it = request.query.find(name);
  if (it == request.query.end()) return "";
  if (!core::text::is_valid_utf8(it->second))
    throw BadRequest(400, "invalid_utf8", std::string("'") + name + "' is not valid UTF-8");
  auto value = core::text::normalize(it->second);
  if (core::text::length_chars(value) > kMaxSearchChars)
    throw BadRequest(400, std::string(name) + "_too_long",
                     std::string("'") + name + "' dài quá / is longer than " + std::to_string(kMaxSearchChars) +
                         " characters");
  return value;
}

ArchiveSearch read_search(const Request& request) {
  ArchiveSearch search;
  search.q = text_param(request, "q");
  search.topic = text_param(request, "topic");
  search.area = text_param(request, "area");
  if (auto it = request.query.find("page"); it != request.query.end() && !it->second.empty()) {
    const auto page = id_param(it->second, "page");
    if (page > 100000) throw BadRequest(400, "bad_page", "'page' must be between 1 and 100000");
    search.page = static_cast<int>(page);
  }
  return search;
}

// The folded words, each found in the question or its answer as archive_search.hpp says
// ("duong dt743", "dt743 duong", "duo dt7" and "743" all find "Đường ĐT743").
core::store::ArchiveFilter filter_for(const ArchiveSearch& search) {
  core::store::ArchiveFilter filter;
  if (!search.topic.empty()) filter.topic = search.topic;
  if (!search.area.empty()) filter.area = search.area;
  const auto folded = core::text::fold_key(search.q);
  std::size_t start = 0;
  while (start < folded.size() && filter.folded_words.size() < core::store::kMaxArchiveWords) {
    const auto end = std::min(folded.find(' ', start), folded.size());
    auto word = folded.substr(start, end - start);
    if (!word.empty() && std::find(filter.folded_words.begin(), filter.folded_words.end(), word) == filter.folded_words.end())
      filter.folded_words.push_back(std::move(word));
    start = end + 1;
  }
  filter.limit = kArchivePageSize;
  filter.offset = static_cast<std::int64_t>(search.page - 1) * kArchivePageSize;
  return filter;
}

constexpr const char* kBusyMessage =
    "Đang có nhiều lượt tra cứu, vui lòng thử lại sau giây lát / the archive is busy, try again in a moment";

Response busy(Response r) {
  r.headers.emplace_back("Retry-After", "2");
  return r;
}

bool search_archive(AppContext& app, core::store::ArchiveFilter filter,
                    std::function<void(std::exception_ptr, core::store::QuestionPage)> reply) {
  return app.archive.read<core::store::QuestionPage>(
      [filter = std::move(filter)](core::store::Database& db) { return core::store::list_archive(db, filter); },
      std::move(reply));
}

void answers_json(AppContext& app, Request& request, Respond respond) {
  const auto search = read_search(request);
  auto reply = [search, respond](std::exception_ptr error, core::store::QuestionPage found) {
    if (error) return respond(response_for(error));
    respond(json_text_response(200, core::JsonObjectText()
                                        .raw("answers", json_array_text(found.questions, core::archive_json_text))
                                        .num("total", found.total)
                                        .num("page", search.page)
                                        .num("pages", (found.total + kArchivePageSize - 1) / kArchivePageSize)
                                        .num("per_page", kArchivePageSize)
                                        .finish()));
  };
  if (!search_archive(app, filter_for(search), std::move(reply)))
    respond(busy(error_response(503, "archive_busy", kBusyMessage)));
}

void answers_page(AppContext& app, Request& request, Respond respond) {
  const ArchiveChoices choices{app.config.topics, app.config.areas};
  ArchiveSearch search;
  try {
    search = read_search(request);
  } catch (const BadRequest& e) {
    return respond(archive_refusal_page(e.status, e.what(), search, choices));
  }
  auto reply = [search, choices, respond](std::exception_ptr error, core::store::QuestionPage found) {
    if (error) return respond(response_for(error));
    respond(archive_page(search, found, choices));
  };
  if (!search_archive(app, filter_for(search), std::move(reply)))
    respond(busy(archive_refusal_page(503, kBusyMessage, search, choices)));
}

}  // namespace

void add_archive_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/answers", [&app](Request& r, Respond done) { answers_json(app, r, std::move(done)); });
  router.add("GET", "/answers", [&app](Request& r, Respond done) { answers_page(app, r, std::move(done)); });
}

}  // namespace votercast::web
