#include "core/store/call_link_table.hpp"

namespace votercast::core::store {
namespace {

const std::string kColumns =
    "id, caller_id, token_hash, code, created_at, created_by, expires_at, used_at, seat_hash, revoked";

CallLink read_row(const Statement& s) {
  CallLink l;
  l.id = s.int64(0);
  l.caller_id = s.int64(1);
  l.token_hash = s.text(2);
  l.code = s.text(3);
  l.created_at_ms = s.int64(4);
  l.created_by = s.text(5);
  l.expires_at_ms = s.int64(6);
  l.used_at_ms = s.optional_int64(7);
  l.seat_hash = s.is_null(8) ? std::string() : s.text(8);
  l.revoked = s.int64(9) != 0;
  return l;
}

}  // namespace

void insert_call_link(Database& db, CallLink& link) {
  db.prepare("INSERT INTO call_links(caller_id, token_hash, code, created_at, created_by, expires_at, used_at, "
             "seat_hash, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
      .bind(1, link.caller_id)
      .bind(2, link.token_hash)
      .bind(3, link.code)
      .bind(4, link.created_at_ms)
      .bind(5, link.created_by)
      .bind(6, link.expires_at_ms)
      .bind(7, link.used_at_ms)
      .bind(8, link.seat_hash.empty() ? std::optional<std::string>() : std::optional<std::string>(link.seat_hash))
      .bind(9, link.revoked)
      .run();
  link.id = db.last_insert_rowid();
}

std::optional<CallLink> find_call_link(Database& db, const std::string& token_hash) {
  return db.prepare("SELECT " + kColumns + " FROM call_links WHERE token_hash = ?1").bind(1, token_hash).first(read_row);
}

std::optional<CallLink> find_open_call_link_by_code(Database& db, const std::string& code, std::int64_t now_ms) {
  return db
      .prepare("SELECT " + kColumns +
               " FROM call_links WHERE code = ?1 AND revoked = 0 AND used_at IS NULL AND expires_at > ?2"
               " ORDER BY id DESC LIMIT 1")
      .bind(1, code)
      .bind(2, now_ms)
      .first(read_row);
}

int revoke_call_links(Database& db, std::int64_t caller_id) {
  db.prepare("UPDATE call_links SET revoked = 1 WHERE caller_id = ?1 AND revoked = 0").bind(1, caller_id).run();
  return db.changes();
}

void mark_call_link_used(Database& db, std::int64_t id, std::int64_t now_ms, const std::string& seat_hash) {
  db.prepare("UPDATE call_links SET used_at = ?1, seat_hash = ?2 WHERE id = ?3")
      .bind(1, now_ms)
      .bind(2, seat_hash)
      .bind(3, id)
      .run();
}

void set_call_link_token_hash(Database& db, std::int64_t id, const std::string& token_hash) {
  db.prepare("UPDATE call_links SET token_hash = ?1 WHERE id = ?2").bind(1, token_hash).bind(2, id).run();
}

}  // namespace votercast::core::store
