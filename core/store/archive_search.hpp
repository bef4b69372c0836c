#pragma once
// How the public archive finds what a voter typed: the answered questions' search keys
// sit in an FTS5 trigram index as " key " (a space at both ends), and each folded word
// becomes a quoted phrase there, which matches that exact run of characters.
#include <cstdint>
#include <string>
#include <vector>

#include "core/store/database.hpp"

namespace votercast::core::store {

// The MATCH expression for the words, every one required ("" for none). A word of
// letters is the start of a word (" duong"; a single letter is a whole word, " i ":
// "quý I"). A word with digits of three or more characters may sit inside a word
// ("743" finds "ĐT743"); a shorter one starts a word ("12" finds "phường 12", not "2012").
std::string archive_match(const std::vector<std::string>& folded_words);

// Keeps an answered question's search key (core::archive_search_key) in the index.
void index_for_archive(Database& db, std::int64_t id, const std::string& search_key);

}  // namespace votercast::core::store
