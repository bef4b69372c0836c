#include "core/store/show_table.hpp"

namespace votercast::core::store {
namespace {

const char* const kColumns = "id, title, opened_at, opened_by, closed_at, rundown_version";

Show read_row(const Statement& s) {
  Show show;
  show.id = s.int64(0);
  show.title = s.text(1);
  show.opened_at_ms = s.int64(2);
  show.opened_by = s.text(3);
  show.closed_at_ms = s.optional_int64(4);
  show.rundown_version = s.int64(5);
  return show;
}

}  // namespace

std::optional<Show> open_show(Database& db) {
  return db.prepare(std::string("SELECT ") + kColumns + " FROM shows WHERE closed_at IS NULL").first(read_row);
}

std::optional<Show> load_show(Database& db, std::int64_t id) {
  auto& s = db.prepare(std::string("SELECT ") + kColumns + " FROM shows WHERE id = ?");
  s.bind(1, id);
  return s.first(read_row);
}

void insert_show(Database& db, Show& show) {
  db.prepare("INSERT INTO shows(title, opened_at, opened_by, rundown_version) VALUES (?, ?, ?, ?)")
      .bind(1, show.title)
      .bind(2, show.opened_at_ms)
      .bind(3, show.opened_by)
      .bind(4, show.rundown_version)
      .run();
  show.id = db.last_insert_rowid();
}

void mark_show_closed(Database& db, std::int64_t id, std::int64_t at_ms) {
  db.prepare("UPDATE shows SET closed_at = ? WHERE id = ?").bind(1, at_ms).bind(2, id).run();
}

bool bump_rundown_version(Database& db, std::int64_t show_id, std::int64_t expected) {
  db.prepare("UPDATE shows SET rundown_version = rundown_version + 1 WHERE id = ? AND rundown_version = ?")
      .bind(1, show_id)
      .bind(2, expected)
      .run();
  return db.changes() == 1;
}

}  // namespace votercast::core::store
