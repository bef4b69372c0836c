#include "core/store/sql_functions.hpp"

#include <string_view>

#include <sqlite3.h>

#include "core/store/queue_search.hpp"

namespace votercast::core::store {
namespace {

std::string_view text_of(sqlite3_value* value) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(value));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(value))) : std::string_view();
}

void queue_words_match_sql(sqlite3_context* context, int, sqlite3_value** args) {
  sqlite3_result_int(context, queue_words_match(text_of(args[0]), text_of(args[1])) ? 1 : 0);
}

}  // namespace

void define_sql_functions(sqlite3* db) {
  sqlite3_create_function_v2(db, "queue_words_match", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                             nullptr, queue_words_match_sql, nullptr, nullptr, nullptr);
}

}  // namespace votercast::core::store
