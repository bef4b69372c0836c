#pragma once
// How the moderation queue finds any question of a show by what a moderator types: every
// question's folded text sits in an FTS5 word index (migration 12), written in the same
// transaction as the question. A word index, not the archive's trigrams: it costs intake
// about a quarter as much per question, and a moderator types the start of words. So
// that "743" still finds "ĐT743", the digits inside a word are indexed as a word too.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/database.hpp"

namespace votercast::core::store {

// What is indexed for a question's fold key: the key, then the digit runs of its words
// that mix letters and digits ("dt743 qua" -> "dt743 qua 743").
std::string queue_search_text(std::string_view fold_key);

// The MATCH expression: every folded word required, each as the start of a word
// ("" for none). Words are quoted: what a moderator types is never query syntax.
std::string queue_match(const std::vector<std::string>& folded_words);

void index_for_queue(Database& db, std::int64_t id, std::string_view fold_key);

}  // namespace votercast::core::store
