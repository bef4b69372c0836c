#include "core/store/event_log.hpp"

namespace votercast::core::store {
namespace {

std::vector<Event> read_all(Statement& s) {
  std::vector<Event> out;
  while (s.step()) {
    Event e;
    e.seq = s.int64(0);
    e.at_ms = s.int64(1);
    e.actor = s.text(2);
    e.type = s.text(3);
    e.question_id = s.optional_int64(4);
    e.payload = s.text(5);
    out.push_back(std::move(e));
  }
  s.reset();
  return out;
}

}  // namespace

std::int64_t last_event_seq(Database& db) {
  auto& s = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM events");
  s.step();
  const auto seq = s.int64(0);
  s.reset();
  return seq;
}

std::vector<Event> events_after(Database& db, std::int64_t after, int limit) {
  auto& s = db.prepare("SELECT seq, at, actor, type, question_id, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
  s.bind(1, after).bind(2, limit);
  return read_all(s);
}

std::vector<Event> question_history(Database& db, std::int64_t question_id) {
  auto& s = db.prepare(
      "SELECT seq, at, actor, type, question_id, payload FROM events WHERE question_id = ? ORDER BY seq");
  s.bind(1, question_id);
  return read_all(s);
}

}  // namespace votercast::core::store
