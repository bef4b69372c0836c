// The moderated queue read at national size: a console asks the server for one window of
// the show at a time (GET /api/queue) and for the counts of its filters
// (GET /api/queue/counts) instead of holding the whole show. Both run on the queue's read
// thread: a count or a search over 200,000 questions takes milliseconds there, never on
// the network thread.
#include <algorithm>

#include "core/format/json_text.hpp"
#include "core/store/queue_query.hpp"
#include "core/store/show_table.hpp"
#include "core/text.hpp"
#include "web/api/api_support.hpp"
#include "web/live/queue_page.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

std::optional<std::string> text_param(const Request& request, const char* name) {
  const auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return std::nullopt;
  if (!core::text::is_valid_utf8(it->second))
    throw BadRequest(400, "invalid_utf8", std::string(name) + " is not valid UTF-8");
  return core::text::normalize(it->second);
}

// The folded words of ?q=, each once, at most kMaxQueueWords.
std::vector<std::string> search_words(const std::string& typed) {
  const auto folded = core::text::fold_key(typed);
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < folded.size() && words.size() < core::store::kMaxQueueWords) {
    auto end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    auto word = folded.substr(start, end - start);
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end()) words.push_back(std::move(word));
    start = end + 1;
  }
  return words;
}

core::store::QueueQuery read_query(AppContext& app, const Request& request) {
  core::store::QueueQuery query;
  query.show_id = show_param(app, request);
  if (const auto v = text_param(request, "state")) {
    query.state = core::parse_question_state(*v);
    if (!query.state) throw BadRequest(400, "unknown_state", "Trạng thái không hợp lệ / unknown state '" + *v + "'");
  }
  query.topic = text_param(request, "topic");
  query.area = text_param(request, "area");
  query.agency = text_param(request, "agency");
  if (const auto v = text_param(request, "channel")) {
    query.channel = core::parse_channel(*v);
    if (!query.channel) throw BadRequest(400, "unknown_channel", "Kênh không hợp lệ / unknown channel '" + *v + "'");
  }
  if (const auto v = text_param(request, "flag")) {
    query.flag = core::store::parse_queue_flag(*v);
    if (!query.flag)
      throw BadRequest(400, "unknown_flag", "Cảnh báo không hợp lệ / flag is one of profanity, spam, too_long");
  }
  if (const auto v = text_param(request, "q")) query.folded_words = search_words(*v);
  if (const auto v = text_param(request, "cluster")) query.cluster_id = id_param(*v, "cluster");
  if (const auto v = text_param(request, "order")) {
    const auto order = core::store::parse_queue_order(*v);
    if (!order) throw BadRequest(400, "unknown_order", "Thứ tự không hợp lệ / order is newest, oldest or largest");
    query.order = *order;
  }
  // The largest clusters come from their own index; a search's matches would all be sorted.
  if (query.order == core::store::QueueOrder::largest && !query.folded_words.empty())
    throw BadRequest(400, "order_with_search",
                     "Không sắp theo cụm khi đang tìm kiếm / order=largest does not go with a search (q)");
  if (const auto v = text_param(request, "after")) query.after_id = id_param(*v, "after");
  if (const auto v = text_param(request, "limit")) {
    const auto limit = id_param(*v, "limit");
    if (limit > core::store::kMaxQueueLimit)
      throw BadRequest(400, "bad_limit", "limit must be between 1 and " + std::to_string(core::store::kMaxQueueLimit));
    query.limit = static_cast<int>(limit);
  }
  return query;
}

void page(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, core::Permission::view_queue, respond);
  if (!user) return;
  respond = phones_as_seen_by(*user, std::move(respond));
  const auto query = read_query(app, request);
  auto reply = [respond](std::exception_ptr error, std::string body) {
    respond(error ? response_for(error) : json_text_response(200, std::move(body)));
  };
  auto read = [query](core::store::Database& db) {
    core::store::ReadTransaction moment(db);  // the page and its counts from one instant
    auto body = queue_page_json(db, query);
    moment.end();
    return body;
  };
  if (!app.staff_reads.read<std::string>(read, std::move(reply))) respond(staff_reads_busy());
}

void counts(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, core::Permission::view_queue, respond)) return;
  auto query = read_query(app, request);
  query.state.reset();
  using Both = std::pair<core::store::StateCounts, core::store::StateCounts>;
  auto reply = [query, respond](std::exception_ptr error, Both both) {
    if (error) return respond(response_for(error));
    const auto& [matching, show] = both;
    respond(json_text_response(200, core::JsonObjectText()
                                        .num("show_id", query.show_id)
                                        .merge(queue_counts_json(matching))
                                        .raw("show", queue_counts_json(show))
                                        .finish()));
  };
  auto read = [query](core::store::Database& db) {
    core::store::ReadTransaction moment(db);
    Both both{core::store::count_queue(db, query), core::store::count_by_state(db, query.show_id)};
    moment.end();
    return both;
  };
  if (!app.staff_reads.read<Both>(read, std::move(reply))) respond(staff_reads_busy());
}

}  // namespace

Response staff_reads_busy() {
  auto r = error_response(503, "queue_busy",
                          "Máy chủ đang bận, vui lòng thử lại sau giây lát / the server is busy, try again in a moment");
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

std::optional<std::int64_t> show_param(AppContext& app, const Request& request) {
  const auto it = request.query.find("show");
  if (it == request.query.end() || it->second.empty()) {
    const auto open = core::store::open_show(app.reader);
    return open ? std::optional(open->id) : std::nullopt;
  }
  if (it->second == "waiting") return std::nullopt;
  return id_param(it->second, "show");
}

void add_queue_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/queue", [&app](Request& r, Respond done) { page(app, r, std::move(done)); });
  router.add("GET", "/api/queue/counts", [&app](Request& r, Respond done) { counts(app, r, std::move(done)); });
}

}  // namespace votercast::web
