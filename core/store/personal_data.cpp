#include "core/store/personal_data.hpp"

#include <random>

#include <nlohmann/json.hpp>

namespace votercast::core::store {
namespace {

// A message not yet sent to a number that is gone is never sent; the others keep their
// state (what was sent was sent) and lose the number.
ErasedCounts blank_outbox_numbers(Database& db, std::int64_t question_id) {
  ErasedCounts out;
  db.prepare("UPDATE sms_outbox SET state = 'cancelled', next_attempt_at = 0, last_error = 'number erased' "
             "WHERE question_id = ? AND state = 'pending'")
      .bind(1, question_id)
      .run();
  out.outbox_cancelled = db.changes();
  db.prepare("UPDATE sms_outbox SET to_phone = '' WHERE question_id = ? AND to_phone != ''").bind(1, question_id).run();
  out.outbox_numbers = db.changes();
  return out;
}

}  // namespace

ErasedCounts drop_caller_link_sms(Database& db, std::int64_t caller_id) {
  ErasedCounts out;
  constexpr const char* kTheirs = "call_link_id IN (SELECT id FROM call_links WHERE caller_id = ?)";
  db.prepare(std::string("UPDATE sms_outbox SET state = 'cancelled', next_attempt_at = 0, last_error = 'number "
                         "erased' WHERE state = 'pending' AND ") + kTheirs)
      .bind(1, caller_id)
      .run();
  out.outbox_cancelled = db.changes();
  db.prepare(std::string("UPDATE sms_outbox SET to_phone = '' WHERE to_phone != '' AND ") + kTheirs)
      .bind(1, caller_id)
      .run();
  out.outbox_numbers = db.changes();
  return out;
}

ErasedCounts& ErasedCounts::operator+=(const ErasedCounts& o) {
  questions += o.questions;
  callers += o.callers;
  poll_votes += o.poll_votes;
  outbox_cancelled += o.outbox_cancelled;
  outbox_numbers += o.outbox_numbers;
  events += o.events;
  question_ids.insert(question_ids.end(), o.question_ids.begin(), o.question_ids.end());
  caller_ids.insert(caller_ids.end(), o.caller_ids.begin(), o.caller_ids.end());
  return *this;
}

VoterRows find_voter_rows(Database& reader, const std::string& phone) {
  VoterRows out;
  if (phone.empty()) return out;
  ReadTransaction snapshot(reader);  // the lists and their bounds from one moment
  out.questions_upto = reader.prepare("SELECT COALESCE(MAX(id), 0) FROM questions").scalar_int64();
  out.callers_upto = reader.prepare("SELECT COALESCE(MAX(id), 0) FROM callers").scalar_int64();
  out.events_upto = reader.prepare("SELECT COALESCE(MAX(seq), 0) FROM events").scalar_int64();
  const auto ids = [](const Statement& s) { return s.int64(0); };
  out.questions = reader.prepare("SELECT id FROM questions WHERE phone = ? ORDER BY id").bind(1, phone).rows(ids);
  out.callers = reader.prepare("SELECT id FROM callers WHERE phone = ? ORDER BY id").bind(1, phone).rows(ids);
  for (const auto caller : out.callers) {
    auto seqs = reader
                    .prepare("SELECT seq FROM events WHERE type GLOB 'caller.*' "
                             "AND json_extract(payload, '$.caller.id') = ?")
                    .bind(1, caller)
                    .rows(ids);
    out.caller_events.insert(out.caller_events.end(), seqs.begin(), seqs.end());
  }
  snapshot.end();
  return out;
}

ErasedCounts erase_questions_by_phone(Database& db, const std::string& phone, const VoterRows& found,
                                      std::int64_t now_ms) {
  ErasedCounts out;
  if (phone.empty()) return out;
  auto ids = db.prepare("SELECT id FROM questions WHERE id > ? AND phone = ? ORDER BY id")
                 .bind(1, found.questions_upto)
                 .bind(2, phone)
                 .rows([](const Statement& s) { return s.int64(0); });
  ids.insert(ids.begin(), found.questions.begin(), found.questions.end());
  for (const auto id : ids) {
    if (phone_of_question(db, id) != phone) continue;  // changed since it was read
    out += erase_question_sender(db, id, now_ms);
  }
  return out;
}

std::optional<std::string> phone_of_question(Database& db, std::int64_t question_id) {
  return db.prepare("SELECT phone FROM questions WHERE id = ?").bind(1, question_id).first([](const Statement& s) {
    return s.text(0);
  });
}

ErasedCounts erase_question_sender(Database& db, std::int64_t question_id, std::int64_t now_ms) {
  ErasedCounts out;
  db.prepare("UPDATE questions SET sender_name = '', phone = '', publish_name = 0, version = version + 1, "
             "updated_at = ?, updated_by = 'cli' WHERE id = ? AND (sender_name != '' OR phone != '')")
      .bind(1, now_ms)
      .bind(2, question_id)
      .run();
  out.questions = db.changes();
  if (out.questions) out.question_ids.push_back(question_id);
  // The log's copies of the question (it keeps the number masked, and the name as it was).
  db.prepare("UPDATE events SET payload = json_set(payload, '$.question.name', '', '$.question.phone', '') "
             "WHERE question_id = ? AND json_type(payload, '$.question') = 'object' "
             "AND (json_extract(payload, '$.question.name') != '' OR json_extract(payload, '$.question.phone') != '')")
      .bind(1, question_id)
      .run();
  out.events = db.changes();
  out += blank_outbox_numbers(db, question_id);
  return out;
}

ErasedCounts drop_question_phone(Database& db, std::int64_t question_id) {
  ErasedCounts out;
  db.prepare("UPDATE questions SET phone = '' WHERE id = ? AND phone != ''").bind(1, question_id).run();
  out.questions = db.changes();
  out += blank_outbox_numbers(db, question_id);
  return out;
}

ErasedCounts erase_callers_by_phone(Database& db, const std::string& phone, const VoterRows& found,
                                    std::int64_t now_ms) {
  ErasedCounts out;
  if (phone.empty()) return out;
  const auto ids = [](const Statement& s) { return s.int64(0); };
  auto callers = db.prepare("SELECT id FROM callers WHERE id > ? AND phone = ? ORDER BY id")
                     .bind(1, found.callers_upto)
                     .bind(2, phone)
                     .rows(ids);
  callers.insert(callers.begin(), found.callers.begin(), found.callers.end());
  for (const auto id : callers) {
    // The screener's notes describe the caller ("chị Hoa, tổ 3, bán hàng ở chợ"): theirs too.
    db.prepare("UPDATE callers SET name = '', phone = '', notes = '', version = version + 1, updated_at = ?, "
               "updated_by = 'cli' WHERE id = ? AND phone = ?")
        .bind(1, now_ms)
        .bind(2, id)
        .bind(3, phone)
        .run();
    if (db.changes()) {
      out.callers += 1;
      out.caller_ids.push_back(id);
      out += drop_caller_link_sms(db, id);
    }
  }
  // Their events: those found by key, and the log's tail since (a range of the key).
  auto events = db.prepare("SELECT seq FROM events WHERE seq > ? AND type GLOB 'caller.*' "
                           "AND json_extract(payload, '$.caller.id') IN (SELECT value FROM json_each(?))")
                    .bind(1, found.events_upto)
                    .bind(2, nlohmann::json(callers).dump())
                    .rows(ids);
  events.insert(events.begin(), found.caller_events.begin(), found.caller_events.end());
  for (const auto seq : events) {
    db.prepare("UPDATE events SET payload = json_set(payload, '$.caller.name', '', '$.caller.phone', '', "
               "'$.caller.notes', '') WHERE seq = ? AND (json_extract(payload, '$.caller.name') != '' "
               "OR json_extract(payload, '$.caller.phone') != '' OR json_extract(payload, '$.caller.notes') != '')")
        .bind(1, seq)
        .run();
    out.events += db.changes();
  }
  return out;
}

ErasedCounts forget_sms_votes(Database& db, const std::string& phone) {
  ErasedCounts out;
  if (phone.empty()) return out;
  const std::string voter = "sms:" + phone;
  const auto polls = db.prepare("SELECT id FROM polls").rows([](const Statement& s) { return s.int64(0); });
  for (const auto poll : polls) {  // a primary-key lookup each: a show has a handful of polls
    out.poll_votes += anonymize_vote(db, poll, voter);
  }
  return out;
}

int anonymize_vote(Database& db, std::int64_t poll_id, const std::string& voter) {
  db.prepare("UPDATE poll_votes SET voter = ? WHERE poll_id = ? AND voter = ?")
      .bind(1, anonymous_voter_key())
      .bind(2, poll_id)
      .bind(3, voter)
      .run();
  return db.changes();
}

std::string anonymous_voter_key() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key = "erased:";
  for (auto bits = random(); key.size() < 7 + 16; bits >>= 4) key += kHex[bits & 0xF];
  return key;
}

}  // namespace votercast::core::store
