#pragma once
// Rows of the questions table <-> core::Question.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/question.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

struct QuestionFilter {
  std::optional<QuestionState> state;
  std::optional<std::string> topic;
  std::optional<std::string> folded_search;  // matched against fold_key
  std::optional<std::int64_t> show_id;
  bool waiting_only = false;  // sent while no show was open
  std::int64_t after_id = 0;
  int limit = 100;
};

void insert_question(Database& db, Question& q);  // sets q.id
std::optional<Question> load_question(Database& db, std::int64_t id);
std::optional<Question> load_question_by_ticket(Database& db, const std::string& ticket);
// Writes every mutable field and sets version = expected_version + 1. False when
// the stored version is not expected_version (someone else changed it first).
bool update_question(Database& db, Question& q, std::int64_t expected_version);
std::vector<Question> list_questions(Database& db, const QuestionFilter& filter);
// The most recent live question of the same show with the same near-duplicate key.
std::optional<std::int64_t> find_similar(Database& db, const std::string& near_key,
                                         std::optional<std::int64_t> show_id, std::int64_t exclude_id);
std::vector<Question> rundown_questions(Database& db, std::int64_t show_id);
std::int64_t next_rundown_position(Database& db, std::int64_t show_id);
// Questions sent while no show was open join the show being opened.
int attach_waiting_questions(Database& db, std::int64_t show_id);

}  // namespace votercast::core::store
