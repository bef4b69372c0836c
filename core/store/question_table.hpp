#pragma once
// Rows of the questions table <-> core::Question.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/question.hpp"
#include "core/store/database.hpp"
#include "core/ticket_code.hpp"

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

// After the show: forwarded questions (most urgent first) or answered ones (newest
// first), of one agency or of all.
struct FollowUpFilter {
  QuestionState state = QuestionState::forwarded;  // forwarded or answered
  std::optional<std::string> agency;
  // Forwarded: past due at now_ms. Answered: answered after the due date.
  bool overdue_only = false;
  std::int64_t now_ms = 0;
  int limit = 100;
  std::int64_t offset = 0;
};

// The public archive: answered questions, newest first. Every folded word must be found
// in the question's search key (its question or its answer): see archive_search.hpp.
struct ArchiveFilter {
  std::optional<std::string> topic;
  std::optional<std::string> area;
  std::vector<std::string> folded_words;  // at most kMaxArchiveWords
  int limit = 20;
  std::int64_t offset = 0;
};
inline constexpr std::size_t kMaxArchiveWords = 6;

struct QuestionPage {
  std::vector<Question> questions;
  std::int64_t total = 0;  // matching rows, all pages
};

// Every column of a question, and its row read back: for the other queries of the table.
extern const std::string kQuestionColumns;
Question read_question_row(const Statement& row);

void insert_question(Database& db, Question& q);  // sets q.id, and indexes it for the queue's search
std::optional<Question> load_question(Database& db, std::int64_t id);
// By the canonical code a voter holds: its id under the cipher, then a check that
// the stored ticket is that code.
std::optional<Question> load_question_by_ticket(Database& db, const TicketCipher& tickets,
                                                const std::string& canonical_code);
// The id the next insert gets; only meaningful on the writer (the only inserter).
std::int64_t next_question_id(Database& db);
// Writes every mutable field and sets version = expected_version + 1. False when
// the stored version is not expected_version (someone else changed it first).
bool update_question(Database& db, Question& q, std::int64_t expected_version);
std::vector<Question> list_questions(Database& db, const QuestionFilter& filter);
// (near_key, id) of a show's questions that are not rejected or merged, oldest first:
// what NearDuplicateIndex is loaded from.
std::vector<std::pair<std::string, std::int64_t>> live_near_keys(Database& db, std::optional<std::int64_t> show_id);
// Whether id is still a live question of that show with that near-duplicate key.
bool is_live_near_duplicate(Database& db, std::int64_t id, const std::string& near_key,
                            std::optional<std::int64_t> show_id);
std::vector<Question> rundown_questions(Database& db, std::int64_t show_id);
std::int64_t next_rundown_position(Database& db, std::int64_t show_id);
// Questions sent while no show was open join the show being opened.
int attach_waiting_questions(Database& db, std::int64_t show_id);
QuestionPage list_follow_up(Database& db, const FollowUpFilter& filter);
QuestionPage list_archive(Database& db, const ArchiveFilter& filter);

}  // namespace votercast::core::store
