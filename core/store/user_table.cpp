#include "core/store/user_table.hpp"

namespace votercast::core::store {
namespace {

User read_row(const Statement& s) {
  User u;
  u.id = s.int64(0);
  u.name = s.text(1);
  u.role = parse_role(s.text(2)).value_or(Role::moderator);
  u.password_hash = s.text(3);
  u.disabled = s.int64(4) != 0;
  u.agency = s.text(5);
  return u;
}

}  // namespace

std::int64_t count_users(Database& db) {
  return db.prepare("SELECT COUNT(*) FROM users").scalar_int64();
}

std::optional<User> find_user(Database& db, const std::string& name) {
  auto& s = db.prepare("SELECT id, name, role, password_hash, disabled, agency FROM users WHERE name = ?");
  s.bind(1, name);
  return s.first(read_row);
}

std::vector<User> list_users(Database& db) {
  return db.prepare("SELECT id, name, role, password_hash, disabled, agency FROM users ORDER BY name").rows(read_row);
}

void insert_user(Database& db, User& user, std::int64_t now_ms) {
  db.prepare("INSERT INTO users(name, role, password_hash, disabled, created_at, agency) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, user.name)
      .bind(2, to_string(user.role))
      .bind(3, user.password_hash)
      .bind(4, user.disabled)
      .bind(5, now_ms)
      .bind(6, user.agency)
      .run();
  user.id = db.last_insert_rowid();
}

void set_password_hash(Database& db, std::int64_t user_id, const std::string& password_hash) {
  db.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, password_hash).bind(2, user_id).run();
}

void set_disabled(Database& db, std::int64_t user_id, bool disabled) {
  db.prepare("UPDATE users SET disabled = ? WHERE id = ?").bind(1, disabled).bind(2, user_id).run();
}

void insert_session(Database& db, const std::string& token_hash, std::int64_t user_id, std::int64_t now_ms,
                    std::int64_t expires_at_ms) {
  db.prepare("INSERT INTO sessions(token_hash, user_id, created_at, expires_at, last_seen) VALUES (?, ?, ?, ?, ?)")
      .bind(1, token_hash)
      .bind(2, user_id)
      .bind(3, now_ms)
      .bind(4, expires_at_ms)
      .bind(5, now_ms)
      .run();
}

std::optional<SessionUser> session_user(Database& db, const std::string& token_hash, std::int64_t now_ms,
                                        std::int64_t idle_limit_ms) {
  auto& s = db.prepare(
      "SELECT u.id, u.name, u.role, u.password_hash, u.disabled, u.agency, s.last_seen FROM sessions s "
      "JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen > ? AND u.disabled = 0");
  s.bind(1, token_hash).bind(2, now_ms).bind(3, now_ms - idle_limit_ms);
  return s.first([](const Statement& row) { return SessionUser{read_row(row), row.int64(6)}; });
}

void touch_session(Database& db, const std::string& token_hash, std::int64_t now_ms) {
  db.prepare("UPDATE sessions SET last_seen = ? WHERE token_hash = ? AND last_seen < ?")
      .bind(1, now_ms)
      .bind(2, token_hash)
      .bind(3, now_ms)
      .run();
}

std::int64_t delete_user_sessions(Database& db, std::int64_t user_id) {
  db.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
  return db.changes();
}

void delete_session(Database& db, const std::string& token_hash) {
  db.prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash).run();
}

void delete_expired_sessions(Database& db, std::int64_t now_ms) {
  db.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, now_ms).run();
}

}  // namespace votercast::core::store
