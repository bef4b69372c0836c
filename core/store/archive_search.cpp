#include "core/store/archive_search.hpp"

#include <algorithm>

#include "core/store/question_table.hpp"

namespace votercast::core::store {

std::string archive_match(const std::vector<std::string>& folded_words) {
  std::string out;
  std::size_t taken = 0;
  for (const auto& word : folded_words) {
    if (taken == kMaxArchiveWords) break;
    if (word.empty()) continue;
    ++taken;
    const bool has_digit = std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
    std::string phrase;
    if (has_digit && word.size() >= 3)
      phrase = word;
    else if (word.size() == 1)
      phrase = " " + word + " ";
    else
      phrase = " " + word;
    if (!out.empty()) out += " AND ";
    // Quoted, with quotes doubled: a voter's word is never query syntax.
    out += '"';
    for (char c : phrase) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
  }
  return out;
}

void index_for_archive(Database& db, std::int64_t id, const std::string& search_key) {
  db.prepare("DELETE FROM answer_search WHERE rowid = ?").bind(1, id).run();
  db.prepare("INSERT INTO answer_search(rowid, text) VALUES (?, ?)").bind(1, id).bind(2, " " + search_key + " ").run();
}

}  // namespace votercast::core::store
