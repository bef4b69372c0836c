#include "core/store/report_queries.hpp"

#include "core/question.hpp"
#include "core/store/poll_table.hpp"
#include "core/store/show_table.hpp"

namespace votercast::core::store {
namespace {

std::vector<ReportCount> counts_by(Database& db, const std::string& column, std::int64_t show_id) {
  // The column name comes from this file only, never from a request.
  auto& s = db.prepare("SELECT " + column + ", count(*) AS n FROM questions WHERE show_id = ? GROUP BY " + column +
                       " ORDER BY n DESC, " + column);
  s.bind(1, show_id);
  return s.rows([](const Statement& row) { return ReportCount{row.text(0), row.int64(1)}; });
}

std::int64_t scalar(Database& db, const std::string& sql, std::int64_t show_id, std::int64_t now_ms = 0) {
  auto& s = db.prepare(sql);
  s.bind(1, show_id);
  if (sql.find("?2") != std::string::npos) s.bind(2, now_ms);
  return s.scalar_int64();
}

// Questions of the show that ever reached `state`, whatever they became later.
std::int64_t ever_reached(Database& db, std::int64_t show_id, const char* state) {
  auto& s = db.prepare(
      "SELECT count(DISTINCT e.question_id) FROM events e JOIN questions q ON q.id = e.question_id "
      "WHERE q.show_id = ?1 AND e.type = 'question.updated' AND json_extract(e.payload, '$.to') = ?2");
  s.bind(1, show_id).bind(2, state);
  return s.scalar_int64();
}

}  // namespace

std::optional<ShowReport> build_show_report(Database& db, std::int64_t show_id, std::int64_t now_ms) {
  const auto show = load_show(db, show_id);
  if (!show) return std::nullopt;
  ShowReport r;
  r.show = *show;
  r.generated_at_ms = now_ms;
  r.received = scalar(db, "SELECT count(*) FROM questions WHERE show_id = ?1", show_id);
  const auto channels = counts_by(db, "channel", show_id);
  for (const auto channel : {Channel::web, Channel::sms, Channel::callin, Channel::staff}) {
    ReportCount c{std::string(to_string(channel)), 0};
    for (const auto& seen : channels)
      if (seen.name == c.name) c.count = seen.count;
    r.by_channel.push_back(c);
  }
  r.by_topic = counts_by(db, "topic", show_id);
  r.by_area = counts_by(db, "area", show_id);
  r.approved = ever_reached(db, show_id, "approved");
  r.rejected = ever_reached(db, show_id, "rejected");
  r.merged = ever_reached(db, show_id, "merged");
  r.aired = ever_reached(db, show_id, "on_air");
  r.forwarded = ever_reached(db, show_id, "forwarded");
  r.answered = scalar(db, "SELECT count(*) FROM questions WHERE show_id = ?1 AND state = 'answered'", show_id);
  r.answered_on_air = scalar(
      db, "SELECT count(*) FROM questions WHERE show_id = ?1 AND answered_on_air_at IS NOT NULL", show_id);
  r.answered_on_time = scalar(db,
                              "SELECT count(*) FROM questions WHERE show_id = ?1 AND state = 'answered' "
                              "AND answered_on_air_at IS NULL AND due_at IS NOT NULL AND answered_at <= due_at",
                              show_id);
  r.answered_late = scalar(db,
                           "SELECT count(*) FROM questions WHERE show_id = ?1 AND state = 'answered' "
                           "AND answered_on_air_at IS NULL AND due_at IS NOT NULL AND answered_at > due_at",
                           show_id);
  r.overdue = scalar(db, "SELECT count(*) FROM questions WHERE show_id = ?1 AND state = 'forwarded' AND due_at < ?2",
                     show_id, now_ms);
  {
    auto& s = db.prepare(
        "SELECT id, ticket, CASE WHEN on_air_text != '' THEN on_air_text ELSE original_text END, duplicate_count + 1 "
        "FROM questions WHERE show_id = ? AND duplicate_count > 0 ORDER BY duplicate_count DESC, id LIMIT 50");
    s.bind(1, show_id);
    r.duplicates = s.rows([](const Statement& row) {
      return DuplicateGroup{row.int64(0), row.text(1), row.text(2), row.int64(3)};
    });
  }
  r.callers = scalar(db, "SELECT count(*) FROM callers WHERE show_id = ?1", show_id);
  r.callers_on_air = scalar(db, "SELECT count(*) FROM callers WHERE show_id = ?1 AND on_air_at IS NOT NULL", show_id);
  r.callers_dropped = scalar(db, "SELECT count(*) FROM callers WHERE show_id = ?1 AND state = 'dropped'", show_id);
  for (auto& poll : list_polls(db, show_id)) {
    PollResult result;
    const auto counts = count_votes(db, poll.id);
    for (const auto& o : poll.options) {
      const auto it = counts.find(o.code);
      result.votes.push_back({o.code, it == counts.end() ? 0 : it->second});
      result.total += result.votes.back().count;
    }
    result.poll = std::move(poll);
    r.polls.push_back(std::move(result));
  }
  return r;
}

}  // namespace votercast::core::store
