#include "core/store/queue_search.hpp"

namespace votercast::core::store {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Calls f(word) for each space-separated word of text.
template <typename F>
void for_each_word(std::string_view text, F&& f) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) f(text.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

std::string queue_search_text(std::string_view fold_key) {
  std::string out(fold_key);
  for_each_word(fold_key, [&out](std::string_view word) {
    bool digits = false, others = false;
    for (char c : word) (is_digit(c) ? digits : others) = true;
    if (!digits || !others) return;
    for (std::size_t i = 0; i < word.size();) {
      if (!is_digit(word[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < word.size() && is_digit(word[j])) ++j;
      out += ' ';
      out += word.substr(i, j - i);
      i = j;
    }
  });
  return out;
}

std::string queue_match(const std::vector<std::string>& folded_words) {
  std::string out;
  for (const auto& word : folded_words) {
    if (word.empty()) continue;
    if (!out.empty()) out += " AND ";
    out += '"';
    for (char c : word) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += "\"*";
  }
  return out;
}

bool queue_words_match(std::string_view fold_key, std::string_view folded_words) {
  const auto indexed = queue_search_text(fold_key);
  bool all = true;
  for_each_word(folded_words, [&](std::string_view wanted) {
    if (!all) return;
    bool found = false;
    for_each_word(indexed, [&](std::string_view word) { found = found || word.starts_with(wanted); });
    all = found;
  });
  return all;
}

std::int64_t queue_search_upto(Database& db) {
  return db.prepare("SELECT upto FROM queue_search_progress").scalar_int64();
}

bool QueueSearchCatchUp::operator()(Database& db, bool idle) {
  const auto upto = queue_search_upto(db);
  const auto newest = db.prepare("SELECT COALESCE(max(id), 0) FROM questions").scalar_int64();
  if (newest - upto < (idle ? 1 : kWorthABatch)) return false;
  Transaction tx(db);
  auto& pending = db.prepare("SELECT id, fold_key FROM questions WHERE id > ? ORDER BY id LIMIT ?");
  pending.bind(1, upto).bind(2, kBatch);
  const auto rows = pending.rows([](const Statement& row) { return std::pair{row.int64(0), row.text(1)}; });
  for (const auto& [id, fold_key] : rows)
    db.prepare("INSERT INTO queue_search(rowid, text) VALUES (?, ?)").bind(1, id).bind(2, queue_search_text(fold_key)).run();
  const auto last = rows.empty() ? upto : rows.back().first;
  db.prepare("UPDATE queue_search_progress SET upto = ?").bind(1, last).run();
  tx.commit();
  return last < newest;
}

}  // namespace votercast::core::store
