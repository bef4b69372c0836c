#pragma once
// How many questions a show (or the list waiting for a show) has in each state: kept exact
// by the schema's triggers in the transaction of every change (migration 11), so that it
// is read in microseconds whatever the size of the show.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/question.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

inline constexpr std::array kQuestionStates = {
    QuestionState::pending, QuestionState::approved, QuestionState::rejected,  QuestionState::merged,
    QuestionState::queued,  QuestionState::on_air,   QuestionState::aired,     QuestionState::forwarded,
    QuestionState::answered};

struct StateCounts {
  std::array<std::int64_t, kQuestionStates.size()> by_state{};  // in kQuestionStates' order
  std::int64_t total = 0;
  std::int64_t of(QuestionState state) const;
  void add(std::string_view state_name, std::int64_t n);
};

// show_id nullopt: the questions waiting for a show.
StateCounts count_by_state(Database& db, std::optional<std::int64_t> show_id);

}  // namespace votercast::core::store
