#include "core/store/event_retention.hpp"

#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace votercast::core::store {
namespace {

enum class Verdict { keep, wait, remove, compact };

// The shows table is one row a week: read whole for each step.
struct Shows {
  std::unordered_map<std::int64_t, bool> aged;  // by id: closed before the cutoff
  // When the first show not yet aged (open, or closed after the cutoff) opened: an event
  // without a show of its own from before that happened during or between aged shows.
  std::int64_t young_from = std::numeric_limits<std::int64_t>::max();
};

Shows load_shows(Database& db, std::int64_t cutoff) {
  Shows out;
  auto& s = db.prepare("SELECT id, opened_at, closed_at FROM shows");
  while (s.step()) {
    const auto closed = s.optional_int64(2);
    const bool aged = closed && *closed < cutoff;
    out.aged[s.int64(0)] = aged;
    if (!aged && s.int64(1) < out.young_from) out.young_from = s.int64(1);
  }
  s.reset();
  return out;
}

struct Row {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::string type;
  bool of_question = false;
  bool question_exists = false;
  std::optional<std::int64_t> show_id;  // the question's, or the one the payload names
};

// Read by nothing but a live console (see the header).
bool live_only(const std::string& type) {
  return type.starts_with("caller.") || type.starts_with("poll.") || type == "rundown.changed" ||
         type == "program.scene";
}

Verdict verdict(const Row& e, const Shows& shows, std::int64_t cutoff) {
  if (!e.of_question && !live_only(e.type)) return Verdict::keep;
  if (e.at >= cutoff) return Verdict::wait;
  const auto show = e.show_id ? shows.aged.find(*e.show_id) : shows.aged.end();
  if (e.of_question) {
    if (!e.question_exists || (e.show_id && show == shows.aged.end())) return Verdict::keep;
    if (!e.show_id) return Verdict::wait;  // waiting for the next show to open
    return show->second ? Verdict::compact : Verdict::wait;
  }
  if (show != shows.aged.end()) return show->second ? Verdict::remove : Verdict::wait;
  // A scene, or a caller logged before any show took it: placed by its time.
  return e.at < shows.young_from ? Verdict::remove : Verdict::wait;
}

}  // namespace

PruneStep prune_events_step(Database& db, const EventRetention& r, std::int64_t now_ms, std::int64_t after) {
  PruneStep out;
  out.examined_upto = after;
  const auto horizon = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM events").scalar_int64() - r.keep_newest;
  if (horizon <= after) {
    out.done = true;
    return out;
  }
  const auto cutoff = now_ms - r.max_age_ms;
  const auto shows = load_shows(db, cutoff);
  // The show a live-only event belongs to is in its payload; a question event's is its question's.
  auto& s = db.prepare(
      "SELECT e.seq, e.at, e.type, e.question_id IS NOT NULL, q.id IS NOT NULL, "
      "CASE WHEN e.question_id IS NOT NULL THEN q.show_id "
      "WHEN e.type GLOB 'caller.*' THEN json_extract(e.payload, '$.caller.show_id') "
      "WHEN e.type GLOB 'poll.*' THEN json_extract(e.payload, '$.poll.show_id') "
      "WHEN e.type = 'rundown.changed' THEN json_extract(e.payload, '$.show_id') END "
      "FROM events e LEFT JOIN questions q ON q.id = e.question_id "
      "WHERE e.seq > ? AND e.seq <= ? ORDER BY e.seq LIMIT ?");
  s.bind(1, after).bind(2, horizon).bind(3, r.chunk);
  const auto rows = s.rows([](const Statement& row) {
    return Row{row.int64(0), row.int64(1), row.text(2), row.int64(3) != 0, row.int64(4) != 0, row.optional_int64(5)};
  });
  for (const auto& e : rows) {
    switch (verdict(e, shows, cutoff)) {
      case Verdict::keep:
        break;
      case Verdict::wait:
        if (!out.first_waiting) out.first_waiting = e.seq;
        break;
      case Verdict::remove:
        db.prepare("DELETE FROM events WHERE seq = ?").bind(1, e.seq).run();
        out.deleted += db.changes();
        break;
      case Verdict::compact:
        // Already compacted rows are left as they are (and cost no write).
        db.prepare("UPDATE events SET payload = json_remove(payload, '$.question') "
                   "WHERE seq = ? AND json_type(payload, '$.question') IS NOT NULL")
            .bind(1, e.seq)
            .run();
        out.compacted += db.changes();
        break;
    }
  }
  out.examined = static_cast<int>(rows.size());
  out.done = static_cast<int>(rows.size()) < r.chunk;
  out.examined_upto = out.done ? horizon : rows.back().seq;
  return out;
}

}  // namespace votercast::core::store
