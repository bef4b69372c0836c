#include "core/store/queue_search.hpp"

namespace votercast::core::store {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string queue_search_text(std::string_view fold_key) {
  std::string out(fold_key);
  std::size_t start = 0;
  while (start < fold_key.size()) {
    auto end = fold_key.find(' ', start);
    if (end == std::string_view::npos) end = fold_key.size();
    const auto word = fold_key.substr(start, end - start);
    bool digits = false, others = false;
    for (char c : word) (is_digit(c) ? digits : others) = true;
    if (digits && others) {
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
    }
    start = end + 1;
  }
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

void index_for_queue(Database& db, std::int64_t id, std::string_view fold_key) {
  db.prepare("INSERT INTO queue_search(rowid, text) VALUES (?, ?)").bind(1, id).bind(2, queue_search_text(fold_key)).run();
}

}  // namespace votercast::core::store
