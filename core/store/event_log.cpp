#include "core/store/event_log.hpp"

namespace votercast::core::store {
namespace {

Event read_row(const Statement& s) {
  Event e;
  e.seq = s.int64(0);
  e.at_ms = s.int64(1);
  e.actor = s.text(2);
  e.type = s.text(3);
  e.question_id = s.optional_int64(4);
  e.payload = s.text(5);
  return e;
}

}  // namespace

std::int64_t last_event_seq(Database& db) {
  return db.prepare("SELECT COALESCE(MAX(seq), 0) FROM events").scalar_int64();
}

std::vector<Event> events_after(Database& db, std::int64_t after, int limit) {
  auto& s = db.prepare("SELECT seq, at, actor, type, question_id, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
  s.bind(1, after).bind(2, limit);
  return s.rows(read_row);
}

std::vector<Event> question_history(Database& db, std::int64_t question_id) {
  auto& s = db.prepare(
      "SELECT seq, at, actor, type, question_id, payload FROM events WHERE question_id = ? ORDER BY seq");
  s.bind(1, question_id);
  return s.rows(read_row);
}

}  // namespace votercast::core::store
