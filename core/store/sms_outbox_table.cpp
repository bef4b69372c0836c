#include "core/store/sms_outbox_table.hpp"

namespace votercast::core::store {
namespace {

constexpr const char* kColumns =
    "id, question_id, purpose, gateway, to_phone, text, state, attempts, next_attempt_at, last_error, "
    "gateway_message_id, created_at, sent_at, call_link_id";

sms::OutboxMessage read_message(const Statement& row) {
  sms::OutboxMessage m;
  m.id = row.int64(0);
  m.question_id = row.optional_int64(1).value_or(0);
  m.purpose = row.text(2);
  m.gateway = row.text(3);
  m.to = row.text(4);
  m.text = row.text(5);
  m.state = sms::parse_outbox_state(row.text(6)).value_or(sms::OutboxState::failed);
  m.attempts = static_cast<int>(row.int64(7));
  m.next_attempt_at_ms = row.int64(8);
  m.last_error = row.text(9);
  m.gateway_message_id = row.text(10);
  m.created_at_ms = row.int64(11);
  m.sent_at_ms = row.optional_int64(12);
  m.call_link_id = row.optional_int64(13);
  return m;
}

std::string select_from_outbox(const std::string& rest) {
  return std::string("SELECT ") + kColumns + " FROM sms_outbox " + rest;
}

}  // namespace

bool enqueue_outbox(Database& db, const sms::OutboxMessage& m) {
  db.prepare(
        "INSERT OR IGNORE INTO sms_outbox(question_id, purpose, gateway, to_phone, text, state, attempts, "
        "next_attempt_at, created_at, call_link_id) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)")
      .bind(1, m.call_link_id ? std::optional<std::int64_t>() : std::optional<std::int64_t>(m.question_id))
      .bind(2, m.purpose)
      .bind(3, m.gateway)
      .bind(4, m.to)
      .bind(5, m.text)
      .bind(6, m.next_attempt_at_ms)
      .bind(7, m.created_at_ms)
      .bind(8, m.call_link_id)
      .run();
  return db.changes() > 0;
}

std::vector<sms::OutboxMessage> due_outbox(Database& db, std::int64_t now_ms, int limit) {
  auto& s = db.prepare(
      select_from_outbox("WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"));
  s.bind(1, now_ms).bind(2, limit);
  return s.rows(read_message);
}

std::vector<sms::OutboxMessage> list_outbox(Database& db, std::optional<sms::OutboxState> state, int limit) {
  auto& s = db.prepare(select_from_outbox("WHERE ?1 IS NULL OR state = ?1 ORDER BY id DESC LIMIT ?2"));
  if (state)
    s.bind(1, sms::to_string(*state));
  else
    s.bind_null(1);
  s.bind(2, limit);
  return s.rows(read_message);
}

std::optional<sms::OutboxMessage> load_outbox(Database& db, std::int64_t question_id, std::string_view purpose) {
  auto& s = db.prepare(select_from_outbox("WHERE question_id = ? AND purpose = ?"));
  s.bind(1, question_id).bind(2, purpose);
  return s.first(read_message);
}

std::map<std::string, std::int64_t> count_outbox(Database& db) {
  std::map<std::string, std::int64_t> out;
  auto& s = db.prepare("SELECT state, COUNT(*) FROM sms_outbox GROUP BY state");
  for (const auto& [state, n] : s.rows([](const Statement& row) { return std::pair(row.text(0), row.int64(1)); }))
    out[state] = n;
  return out;
}

bool record_outbox_attempt(Database& db, std::int64_t id, const sms::AttemptRecord& a) {
  db.prepare(
        "UPDATE sms_outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
        "gateway_message_id = ?, sent_at = ? WHERE id = ? AND state = 'pending'")
      .bind(1, sms::to_string(a.state))
      .bind(2, a.attempts)
      .bind(3, a.next_attempt_at_ms)
      .bind(4, a.last_error)
      .bind(5, a.gateway_message_id)
      .bind(6, a.sent_at_ms)
      .bind(7, id)
      .run();
  return db.changes() > 0;
}

std::optional<std::string> sms_gateway_of_question(Database& db, std::int64_t question_id) {
  auto& kept = db.prepare("SELECT gateway FROM sms_messages WHERE question_id = ? ORDER BY received_at LIMIT 1");
  kept.bind(1, question_id);
  if (auto gateway = kept.first([](const Statement& row) { return row.text(0); })) return gateway;
  auto& created = db.prepare(
      "SELECT substr(actor, 5) FROM events WHERE question_id = ? AND type = 'question.created' "
      "AND actor LIKE 'sms:%' ORDER BY seq LIMIT 1");
  created.bind(1, question_id);
  return created.first([](const Statement& row) { return row.text(0); });
}

std::vector<std::int64_t> answered_sms_questions_without_outbox(Database& db, std::int64_t since_ms,
                                                                std::string_view purpose, int limit) {
  auto& s = db.prepare(
      "SELECT q.id FROM questions q WHERE q.state = 'answered' AND q.answered_at >= ? AND q.channel = 'sms' "
      "AND NOT EXISTS (SELECT 1 FROM sms_outbox o WHERE o.question_id = q.id AND o.purpose = ?) "
      "ORDER BY q.id LIMIT ?");
  s.bind(1, since_ms).bind(2, purpose).bind(3, limit);
  return s.rows([](const Statement& row) { return row.int64(0); });
}

}  // namespace votercast::core::store
