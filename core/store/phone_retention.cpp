#include "core/store/phone_retention.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/store/personal_data.hpp"

namespace votercast::core::store {
namespace {

std::optional<std::int64_t> next_show_due(Database& db, std::int64_t cutoff) {
  return db
      .prepare("SELECT id FROM shows WHERE closed_at IS NOT NULL AND closed_at < ? AND phones_dropped_at IS NULL "
               "ORDER BY id LIMIT 1")
      .bind(1, cutoff)
      .first([](const Statement& s) { return s.int64(0); });
}

// The show's questions after `after`, in id order (off the (show_id, id) index): their
// numbers dropped; returns how many were read.
int drop_question_phones(Database& db, const PhoneRetention& r, PhoneDropStep& out, std::int64_t show_id) {
  const auto rows = db.prepare("SELECT id, phone != '' FROM questions WHERE show_id = ? AND id > ? ORDER BY id LIMIT ?")
                        .bind(1, show_id)
                        .bind(2, out.next.after_question)
                        .bind(3, r.chunk)
                        .rows([](const Statement& s) { return std::pair(s.int64(0), s.int64(1) != 0); });
  for (const auto& [id, has_phone] : rows) {
    if (!has_phone) continue;
    const auto dropped = drop_question_phone(db, id);
    out.questions += dropped.questions;
    out.outbox_numbers += dropped.outbox_numbers;
  }
  if (!rows.empty()) out.next.after_question = rows.back().first;
  return static_cast<int>(rows.size());
}

// Callers and SMS votes no longer match once done, so they need no cursor.
int drop_caller_phones(Database& db, const PhoneRetention& r, PhoneDropStep& out, std::int64_t show_id) {
  const auto ids = db.prepare("SELECT id FROM callers WHERE show_id = ? AND phone != '' ORDER BY id LIMIT ?")
                       .bind(1, show_id)
                       .bind(2, r.chunk)
                       .rows([](const Statement& s) { return s.int64(0); });
  for (const auto id : ids) {
    db.prepare("UPDATE callers SET phone = '' WHERE id = ?").bind(1, id).run();
    out.callers += db.changes();
    out.outbox_numbers += drop_caller_link_sms(db, id).outbox_numbers;
  }
  return static_cast<int>(ids.size());
}

int rename_sms_votes(Database& db, const PhoneRetention& r, PhoneDropStep& out, std::int64_t show_id) {
  // 'sms;' is the key just after every 'sms:…': a range of the (poll_id, voter) key.
  const auto votes = db.prepare("SELECT v.poll_id, v.voter FROM polls p JOIN poll_votes v ON v.poll_id = p.id "
                                "WHERE p.show_id = ? AND v.voter >= 'sms:' AND v.voter < 'sms;' LIMIT ?")
                         .bind(1, show_id)
                         .bind(2, r.chunk)
                         .rows([](const Statement& s) { return std::pair(s.int64(0), s.text(1)); });
  for (const auto& [poll, voter] : votes) {
    out.poll_votes += anonymize_vote(db, poll, voter);
  }
  return static_cast<int>(votes.size());
}

}  // namespace

PhoneDropStep drop_phones_step(Database& db, const PhoneRetention& r, std::int64_t now_ms, PhoneDropCursor at) {
  PhoneDropStep out;
  out.next = at;
  if (out.next.show_id == 0) {
    const auto show = next_show_due(db, now_ms - r.max_age_ms);
    if (!show) {
      out.done = true;
      return out;
    }
    out.next = PhoneDropCursor{*show, 0};
  }
  const auto show = out.next.show_id;
  if (drop_question_phones(db, r, out, show) == r.chunk) return out;
  if (drop_caller_phones(db, r, out, show) == r.chunk) return out;
  if (rename_sms_votes(db, r, out, show) == r.chunk) return out;
  db.prepare("UPDATE shows SET phones_dropped_at = ? WHERE id = ?").bind(1, now_ms).bind(2, show).run();
  out.shows_done = 1;
  out.next = PhoneDropCursor{};
  return out;
}

}  // namespace votercast::core::store
