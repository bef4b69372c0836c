#include "core/store/queue_query.hpp"

#include <algorithm>
#include <variant>

#include "core/store/question_table.hpp"
#include "core/store/queue_search.hpp"

namespace votercast::core::store {
namespace {

// The SQL of one combination of filters, and its parameters in order. Only the filters in
// use are written: a state or a search left out of the text lets SQLite take the index
// that fits (a "? IS NULL OR" form would make it scan). The statement cache keeps one
// statement per combination in use.
class Conditions {
 public:
  Conditions(const QueueQuery& q, bool with_state) {
    if (q.show_id) {
      add("questions.show_id = ?", *q.show_id);
    } else {
      text_ += " AND questions.show_id IS NULL";
    }
    if (with_state && q.state) add("questions.state = ?", std::string(to_string(*q.state)));
    if (q.topic) add("questions.topic = ?", *q.topic);
    if (q.area) add("instr(questions.area, ?) > 0", *q.area);
    if (q.channel) add("questions.channel = ?", std::string(to_string(*q.channel)));
    if (q.agency) add("questions.agency = ?", *q.agency);
    if (q.flag) text_ += std::string(" AND questions.") + flag_column(*q.flag) + " = 1";
    if (q.cluster_id) add("questions.cluster_id = ?", *q.cluster_id);
  }

  void add(const std::string& clause, std::variant<std::int64_t, std::string> value) {
    text_ += " AND ";
    text_ += clause;
    values_.push_back(std::move(value));
  }

  const std::string& text() const { return text_; }

  // Binds from index `first` on; returns the next free index.
  int bind(Statement& s, int first) const {
    for (const auto& v : values_) {
      if (const auto* n = std::get_if<std::int64_t>(&v))
        s.bind(first++, *n);
      else
        s.bind(first++, std::get<std::string>(v));
    }
    return first;
  }

 private:
  static const char* flag_column(QueueFlag flag) {
    switch (flag) {
      case QueueFlag::profanity: return "flag_profanity";
      case QueueFlag::spam: return "flag_spam";
      case QueueFlag::too_long: return "flag_too_long";
    }
    return "flag_spam";
  }

  std::string text_;
  std::vector<std::variant<std::int64_t, std::string>> values_;
};

// From the search index when there are words (its ids in order, newest or oldest first),
// else from the questions' own indexes. The search's MATCH is parameter 1.
std::string from_clause(const std::string& match) {
  return match.empty() ? " FROM questions WHERE 1"
                       : " FROM queue_search CROSS JOIN questions ON questions.id = queue_search.rowid"
                         " WHERE queue_search MATCH ?1";
}

}  // namespace

std::optional<QueueOrder> parse_queue_order(std::string_view name) {
  if (name == "newest") return QueueOrder::newest;
  if (name == "oldest") return QueueOrder::oldest;
  return std::nullopt;
}

std::optional<QueueFlag> parse_queue_flag(std::string_view name) {
  if (name == "profanity") return QueueFlag::profanity;
  if (name == "spam") return QueueFlag::spam;
  if (name == "too_long") return QueueFlag::too_long;
  return std::nullopt;
}

bool QueueQuery::narrowed() const {
  return topic || area || channel || agency || flag || cluster_id ||
         std::any_of(folded_words.begin(), folded_words.end(), [](const auto& w) { return !w.empty(); });
}

QueueWindow list_queue(Database& db, const QueueQuery& query) {
  const auto match = queue_match(query.folded_words);
  const bool newest = query.order == QueueOrder::newest;
  // The id that orders the page: the search index's own when searching, so that it hands
  // over its matches already in order and stops at the page's end.
  const std::string key = match.empty() ? "questions.id" : "queue_search.rowid";
  Conditions where(query, true);
  if (query.after_id) where.add(key + (newest ? " < ?" : " > ?"), *query.after_id);
  const std::string sql = "SELECT " + kQuestionColumns + from_clause(match) + where.text() + " ORDER BY " + key +
                          (newest ? " DESC" : " ASC") + " LIMIT ?";
  auto& s = db.prepare(sql);
  int next = 1;
  if (!match.empty()) s.bind(next++, match);
  next = where.bind(s, next);
  const int limit = std::clamp(query.limit, 1, kMaxQueueLimit);
  s.bind(next, limit + 1);  // one more tells whether a next page exists
  QueueWindow window;
  window.questions = s.rows(read_question_row);
  if (static_cast<int>(window.questions.size()) > limit) {
    window.questions.pop_back();
    window.next_after = window.questions.back().id;
  }
  return window;
}

StateCounts count_queue(Database& db, const QueueQuery& query) {
  if (!query.narrowed()) return count_by_state(db, query.show_id);
  const auto match = queue_match(query.folded_words);
  Conditions where(query, false);
  auto& s = db.prepare("SELECT questions.state, count(*)" + from_clause(match) + where.text() +
                       " GROUP BY questions.state");
  int next = 1;
  if (!match.empty()) s.bind(next++, match);
  where.bind(s, next);
  StateCounts out;
  for (const auto& [name, n] : s.rows([](const Statement& row) { return std::pair{row.text(0), row.int64(1)}; }))
    out.add(name, n);
  return out;
}

}  // namespace votercast::core::store
