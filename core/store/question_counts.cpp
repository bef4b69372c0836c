#include "core/store/question_counts.hpp"

#include <algorithm>

namespace votercast::core::store {

std::int64_t StateCounts::of(QuestionState state) const {
  const auto at = std::find(kQuestionStates.begin(), kQuestionStates.end(), state);
  return by_state[static_cast<std::size_t>(at - kQuestionStates.begin())];
}

void StateCounts::add(std::string_view state_name, std::int64_t n) {
  const auto state = parse_question_state(state_name);
  if (!state) return;  // a state this version does not know: not one to show
  const auto at = std::find(kQuestionStates.begin(), kQuestionStates.end(), *state);
  by_state[static_cast<std::size_t>(at - kQuestionStates.begin())] += n;
  total += n;
}

StateCounts count_by_state(Database& db, std::optional<std::int64_t> show_id) {
  auto& s = db.prepare("SELECT state, n FROM question_counts WHERE show_key = ?");
  s.bind(1, show_id.value_or(0));
  StateCounts out;
  for (const auto& [name, n] : s.rows([](const Statement& row) { return std::pair{row.text(0), row.int64(1)}; }))
    out.add(name, n);
  return out;
}

}  // namespace votercast::core::store
