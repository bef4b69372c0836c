#include "web/live/queue_page.hpp"

#include <algorithm>

#include "core/format/json_text.hpp"
#include "core/format/question_json.hpp"
#include "core/store/question_table.hpp"

namespace votercast::web {
namespace {

std::string array_of(const std::vector<core::Question>& questions) {
  std::string out = "[";
  for (const auto& q : questions) {
    if (out.size() > 1) out += ',';
    out += core::staff_json_text(q);
  }
  return out + ']';
}

}  // namespace

std::string queue_counts_json(const core::store::StateCounts& counts) {
  core::JsonObjectText by_state;
  for (std::size_t i = 0; i < core::store::kQuestionStates.size(); ++i)
    by_state.num(core::to_string(core::store::kQuestionStates[i]), counts.by_state[i]);
  return core::JsonObjectText().num("total", counts.total).raw("by_state", by_state.finish()).finish();
}

std::string queue_page_json(core::store::Database& db, const core::store::QueueQuery& query) {
  const auto window = core::store::list_queue(db, query);
  const auto on_page = [&](std::int64_t id) {
    return std::any_of(window.questions.begin(), window.questions.end(), [&](const auto& q) { return q.id == id; });
  };
  std::vector<core::Question> related;
  for (const auto& q : window.questions) {
    if (!q.similar_to || on_page(*q.similar_to)) continue;
    if (std::any_of(related.begin(), related.end(), [&](const auto& r) { return r.id == *q.similar_to; })) continue;
    if (auto target = core::store::load_question(db, *q.similar_to)) related.push_back(std::move(*target));
  }
  const auto show_counts = core::store::count_by_state(db, query.show_id);
  core::JsonObjectText out;
  out.num("show_id", query.show_id)
      .str("order", core::store::to_string(query.order))
      .raw("questions", array_of(window.questions))
      .num("next_after", window.next_after)
      .raw("related", array_of(related))
      .raw("show_counts", queue_counts_json(show_counts));
  if (!query.after_id)
    out.raw("counts", queue_counts_json(query.narrowed() ? core::store::count_queue(db, query) : show_counts));
  return out.finish();
}

}  // namespace votercast::web
