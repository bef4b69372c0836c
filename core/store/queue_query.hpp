#pragma once
// The moderation queue read the way a console asks for it at national size: one window of
// a show's questions at a time, filtered, newest or oldest first or the largest clusters
// first, paged by a cursor (the last id seen, so a page never shifts while questions
// arrive), with exact counts per state for the same filters. Nothing here reads the whole
// show into memory.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/question.hpp"
#include "core/store/database.hpp"
#include "core/store/question_counts.hpp"

namespace votercast::core::store {

// largest: the questions of the cluster with the most voters first (cluster_table.hpp),
// each cluster's oldest first, so that what many ask comes together at the top. The
// order of the clusters moves as voters join them: a page read later continues from where
// the cursor's cluster stands then. Not with search words (list_queue then reads newest).
enum class QueueOrder { newest, oldest, largest };
enum class QueueFlag { profanity, spam, too_long };

std::optional<QueueOrder> parse_queue_order(std::string_view name);
const char* to_string(QueueOrder order);
std::optional<QueueFlag> parse_queue_flag(std::string_view name);

struct QueueQuery {
  std::optional<std::int64_t> show_id;  // nullopt: the questions waiting for a show
  std::optional<QuestionState> state;
  std::optional<std::string> topic;
  std::optional<std::string> area;  // found inside the question's area ("TP. Dĩ An")
  std::optional<Channel> channel;
  std::optional<std::string> agency;
  std::optional<QueueFlag> flag;
  std::optional<std::int64_t> cluster_id;  // one cluster's questions (cluster_table.hpp)
  std::vector<std::string> folded_words;  // each the start of a word of the question
  QueueOrder order = QueueOrder::newest;
  std::optional<std::int64_t> after_id;  // the cursor: the last id of the page before
  int limit = 50;

  // Whether anything narrows the show besides the state (the counts then need a count).
  bool narrowed() const;
};
inline constexpr std::size_t kMaxQueueWords = 8;
inline constexpr int kMaxQueueLimit = 200;

struct QueueWindow {
  std::vector<Question> questions;
  std::optional<std::int64_t> next_after;  // the cursor of the next page; none at the end
};

QueueWindow list_queue(Database& db, const QueueQuery& query);
// How many questions match in each state: every filter of the query except the state
// and the cursor (what a console's state buttons show). Exact.
StateCounts count_queue(Database& db, const QueueQuery& query);

}  // namespace votercast::core::store
