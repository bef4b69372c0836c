#include "core/store/queue_query.hpp"

#include <algorithm>
#include <array>
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
  // A clause with more than one ?, each a number.
  void add(const std::string& clause, std::initializer_list<std::int64_t> numbers) {
    text_ += " AND ";
    text_ += clause;
    for (const auto n : numbers) values_.emplace_back(std::in_place_type<std::int64_t>, n);
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

// Where a query's questions are read from. Without words: the questions themselves, in
// the order of the index that fits the state (questions_show_state), or the facets index
// (migration 15) over the show's span when a filter narrows it, so that a count reads no
// row and a page reads only the rows it shows. With words, two parts that never overlap:
// the search index up to the last question it holds, looked up in the facets index, and
// the few questions after it, tested one by one (queue_search.hpp).
enum class Part { all, facets, indexed, unindexed };

// ?1 and ?2 of a part: the show's span of ids for the facets, the words for a search.
struct Span {
  std::string match;  // the index's MATCH expression
  std::string words;  // the same words, space-separated, for queue_words_match
  std::int64_t first = 0;
  std::int64_t last = 0;  // the last id the word index holds, when searching
};

std::string from_clause(Part part) {
  switch (part) {
    case Part::all: return " FROM questions WHERE 1";
    case Part::facets: return " FROM questions INDEXED BY questions_facets WHERE questions.id BETWEEN ?1 AND ?2";
    case Part::indexed:
      return " FROM queue_search CROSS JOIN questions INDEXED BY questions_facets ON questions.id = queue_search.rowid"
             " WHERE queue_search MATCH ?1 AND queue_search.rowid <= ?2";
    case Part::unindexed: return " FROM questions WHERE questions.id > ?2 AND queue_words_match(questions.fold_key, ?1)";
  }
  return {};
}

// Binds ?1 and ?2 of a part; returns the next free index.
int bind_part(Statement& s, Part part, const Span& span) {
  switch (part) {
    case Part::all: return 1;
    case Part::facets: s.bind(1, span.first).bind(2, span.last); break;
    case Part::indexed: s.bind(1, span.match).bind(2, span.last); break;
    case Part::unindexed: s.bind(1, span.words).bind(2, span.last); break;
  }
  return 3;
}

// The first and last id of the show's questions (of those waiting for a show without one).
Span span_of(Database& db, const QueueQuery& query) {
  const auto edge = [&](const char* order) {
    auto& s = db.prepare(std::string("SELECT id FROM questions WHERE show_id IS ? ORDER BY show_id, id ") + order + " LIMIT 1");
    s.bind(1, query.show_id);
    return s.first([](const Statement& row) { return row.int64(0); }).value_or(0);
  };
  Span span;
  span.first = edge("ASC");
  span.last = edge("DESC");
  return span;
}

// Whether a filter besides the state and the cluster narrows the show: the facets index
// then finds its questions (a cluster's own index already holds only its questions).
bool faceted(const QueueQuery& q) { return (q.topic || q.area || q.channel || q.agency || q.flag) && !q.cluster_id; }

// The question columns named by table, for a join with another that has an id too.
const std::string& qualified_columns() {
  static const std::string columns = [] {
    std::string out = "questions.";
    for (const char c : kQuestionColumns) {
      out += c;
      if (c == ' ') out += "questions.";
    }
    return out;
  }();
  return columns;
}

// The show's questions by the size of their cluster: its clusters from the largest down
// (clusters_by_voters), each one's questions oldest first. After a cursor, the walk starts
// at the cursor's cluster as it stands now.
std::vector<Question> read_largest_first(Database& db, const QueueQuery& query, int limit) {
  Conditions where(query, true);
  if (query.after_id) {
    auto& at = db.prepare(
        "SELECT clusters.voters, clusters.id FROM questions JOIN clusters ON clusters.id = questions.cluster_id "
        "WHERE questions.id = ?");
    at.bind(1, *query.after_id);
    if (const auto cursor = at.first([](const Statement& r) { return std::pair{r.int64(0), r.int64(1)}; })) {
      const auto [voters, cluster] = *cursor;
      // The first two narrow the clusters' index before any question is read.
      where.add("clusters.voters <= ?", {voters});
      where.add("(clusters.voters < ? OR clusters.id <= ?)", {voters, cluster});
      where.add("(clusters.voters < ? OR clusters.id < ? OR questions.id > ?)", {voters, cluster, *query.after_id});
    }
  }
  auto& s = db.prepare("SELECT " + qualified_columns() +
                       " FROM clusters INDEXED BY clusters_by_voters CROSS JOIN questions INDEXED BY questions_cluster"
                       " ON questions.cluster_id = clusters.id WHERE clusters.show_key = ?" + where.text() +
                       " ORDER BY clusters.voters DESC, clusters.id DESC, questions.id ASC LIMIT ?");
  s.bind(1, query.show_id.value_or(0));
  const int next = where.bind(s, 2);
  s.bind(next, limit);
  return s.rows(read_question_row);
}

// Up to `limit` questions of one part, in the query's order, after its cursor.
std::vector<Question> read_part(Database& db, const QueueQuery& query, Part part, const Span& span, int limit) {
  const bool newest = query.order != QueueOrder::oldest;
  // The id that orders the page: the search index's own when searching it, so that it
  // hands over its matches already in order and stops at the page's end.
  const std::string key = part == Part::indexed ? "queue_search.rowid" : "questions.id";
  Conditions where(query, true);
  if (query.after_id) where.add(key + (newest ? " < ?" : " > ?"), *query.after_id);
  auto& s = db.prepare("SELECT " + kQuestionColumns + from_clause(part) + where.text() + " ORDER BY " + key +
                       (newest ? " DESC" : " ASC") + " LIMIT ?");
  const int next = where.bind(s, bind_part(s, part, span));
  s.bind(next, limit);
  return s.rows(read_question_row);
}

void count_part(Database& db, const QueueQuery& query, Part part, const Span& span, StateCounts& out) {
  Conditions where(query, false);
  auto& s = db.prepare("SELECT questions.state, count(*)" + from_clause(part) + where.text() +
                       " GROUP BY questions.state");
  where.bind(s, bind_part(s, part, span));
  for (const auto& [name, n] : s.rows([](const Statement& row) { return std::pair{row.text(0), row.int64(1)}; }))
    out.add(name, n);
}

std::optional<Span> search_of(Database& db, const QueueQuery& query) {
  Span search;
  search.match = queue_match(query.folded_words);
  if (search.match.empty()) return std::nullopt;
  for (const auto& word : query.folded_words) {
    if (word.empty()) continue;
    if (!search.words.empty()) search.words += ' ';
    search.words += word;
  }
  search.last = queue_search_upto(db);
  return search;
}

}  // namespace

std::optional<QueueOrder> parse_queue_order(std::string_view name) {
  if (name == "newest") return QueueOrder::newest;
  if (name == "oldest") return QueueOrder::oldest;
  if (name == "largest") return QueueOrder::largest;
  return std::nullopt;
}

const char* to_string(QueueOrder order) {
  switch (order) {
    case QueueOrder::newest: return "newest";
    case QueueOrder::oldest: return "oldest";
    case QueueOrder::largest: return "largest";
  }
  return "newest";
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
  const int limit = std::clamp(query.limit, 1, kMaxQueueLimit);
  const int wanted = limit + 1;  // one more tells whether a next page exists
  QueueWindow window;
  if (const auto search = search_of(db, query)) {
    // Newest first starts with the questions after the index; oldest first ends with them.
    const bool newest = query.order != QueueOrder::oldest;
    for (const Part part : newest ? std::array{Part::unindexed, Part::indexed} : std::array{Part::indexed, Part::unindexed}) {
      const int room = wanted - static_cast<int>(window.questions.size());
      if (room <= 0) break;
      for (auto& q : read_part(db, query, part, *search, room)) window.questions.push_back(std::move(q));
    }
  } else if (query.order == QueueOrder::largest) {
    window.questions = read_largest_first(db, query, wanted);
  } else if (faceted(query)) {
    window.questions = read_part(db, query, Part::facets, span_of(db, query), wanted);
  } else {
    window.questions = read_part(db, query, Part::all, {}, wanted);
  }
  if (static_cast<int>(window.questions.size()) > limit) {
    window.questions.pop_back();
    window.next_after = window.questions.back().id;
  }
  return window;
}

StateCounts count_queue(Database& db, const QueueQuery& query) {
  if (!query.narrowed()) return count_by_state(db, query.show_id);
  StateCounts out;
  if (const auto search = search_of(db, query)) {
    count_part(db, query, Part::indexed, *search, out);
    count_part(db, query, Part::unindexed, *search, out);
  } else if (faceted(query)) {
    count_part(db, query, Part::facets, span_of(db, query), out);
  } else {
    count_part(db, query, Part::all, {}, out);
  }
  return out;
}

}  // namespace votercast::core::store
