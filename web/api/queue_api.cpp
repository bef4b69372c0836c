// The moderated queue read at national size: what a console asks the server instead of
// holding the whole show. For now its counts; the query with paging and search follows.
#include "core/format/json_text.hpp"
#include "core/store/question_counts.hpp"
#include "core/store/show_table.hpp"
#include "web/api/api_support.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

// ?show=ID, ?show=waiting, or (none) the show open now, else the questions waiting for one.
std::optional<std::int64_t> show_of(AppContext& app, const Request& request) {
  const auto it = request.query.find("show");
  if (it == request.query.end() || it->second.empty()) {
    const auto open = core::store::open_show(app.reader);
    return open ? std::optional(open->id) : std::nullopt;
  }
  if (it->second == "waiting") return std::nullopt;
  return id_param(it->second, "show");
}

void counts(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, core::Permission::view_queue, respond)) return;
  const auto show = show_of(app, request);
  const auto counted = core::store::count_by_state(app.reader, show);
  core::JsonObjectText by_state;
  for (std::size_t i = 0; i < core::store::kQuestionStates.size(); ++i)
    by_state.num(core::to_string(core::store::kQuestionStates[i]), counted.by_state[i]);
  respond(json_text_response(200, core::JsonObjectText()
                                      .num("show_id", show)
                                      .num("total", counted.total)
                                      .raw("by_state", by_state.finish())
                                      .finish()));
}

}  // namespace

void add_queue_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/queue/counts", [&app](Request& r, Respond done) { counts(app, r, std::move(done)); });
}

}  // namespace votercast::web
