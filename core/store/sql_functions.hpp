#pragma once
// The SQL functions votercast's own queries call, defined on every connection it opens.
struct sqlite3;

namespace votercast::core::store {

// queue_words_match(fold_key, folded_words): queue_search.hpp's test on one question.
void define_sql_functions(sqlite3* db);

}  // namespace votercast::core::store
