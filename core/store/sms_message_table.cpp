#include "core/store/sms_message_table.hpp"

namespace votercast::core::store {

std::optional<sms::ProcessedSms> load_processed_sms(Database& db, const std::string& key) {
  auto& s = db.prepare("SELECT key, question_id, reply, received_at FROM sms_messages WHERE key = ?");
  s.bind(1, key);
  return s.first([](const Statement& row) {
    return sms::ProcessedSms{row.text(0), row.optional_int64(1), row.text(2), row.int64(3)};
  });
}

void insert_processed_sms(Database& db, const sms::ProcessedSms& processed, const std::string& gateway) {
  db.prepare("INSERT INTO sms_messages(key, question_id, reply, received_at, gateway) VALUES (?, ?, ?, ?, ?)")
      .bind(1, processed.key)
      .bind(2, processed.question_id)
      .bind(3, processed.reply_text)
      .bind(4, processed.processed_at_ms)
      .bind(5, gateway)
      .run();
}

int forget_processed_sms(Database& db, std::int64_t before_ms) {
  db.prepare("DELETE FROM sms_messages WHERE received_at < ?").bind(1, before_ms).run();
  return db.changes();
}

}  // namespace votercast::core::store
