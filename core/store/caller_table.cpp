#include "core/store/caller_table.hpp"

#include <nlohmann/json.hpp>

#include "core/format/json_text.hpp"

namespace votercast::core::store {
namespace {

const std::string kColumns =
    "id, show_id, name, area, phone, point, topic, notes, alerts, state, question_id, previous_calls, "
    "version, on_air_at, ended_at, created_at, updated_at, updated_by, video";
const std::string kSelectById = "SELECT " + kColumns + " FROM callers WHERE id = ?";
const std::string kSelectOfShow = "SELECT " + kColumns +
                                  " FROM callers WHERE show_id IS ?1"
                                  " ORDER BY id LIMIT ?2";
const std::string kSelectOnAir = "SELECT " + kColumns +
                                 " FROM callers WHERE state = 'on_air'"
                                 " AND show_id IS ?1 LIMIT 1";

std::string alerts_text(const std::vector<std::string>& alerts) {
  std::string out = "[";
  for (const auto& a : alerts) {
    if (out.size() > 1) out += ',';
    append_json_string(out, a);
  }
  return out + "]";
}

std::vector<std::string> parse_alerts(const std::string& text) {
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& a : j)
    if (a.is_string()) out.push_back(a.get<std::string>());
  return out;
}

Caller read_row(const Statement& s) {
  Caller c;
  c.id = s.int64(0);
  c.show_id = s.optional_int64(1);
  c.name = s.text(2);
  c.area = s.text(3);
  c.phone = s.text(4);
  c.point = s.text(5);
  c.topic = s.text(6);
  c.notes = s.text(7);
  c.alerts = parse_alerts(s.text(8));
  c.state = parse_caller_state(s.text(9)).value_or(CallerState::waiting);
  c.question_id = s.optional_int64(10);
  c.previous_calls = s.int64(11);
  c.version = s.int64(12);
  c.on_air_at_ms = s.optional_int64(13);
  c.ended_at_ms = s.optional_int64(14);
  c.created_at_ms = s.int64(15);
  c.updated_at_ms = s.int64(16);
  c.updated_by = s.text(17);
  c.video = parse_caller_video(s.text(18));
  return c;
}

// ?1-?10, the same in the INSERT and the UPDATE.
Statement& bind_what_a_caller_is(Statement& s, const Caller& c) {
  return s.bind(1, c.show_id)
      .bind(2, c.name)
      .bind(3, c.area)
      .bind(4, c.phone)
      .bind(5, c.point)
      .bind(6, c.topic)
      .bind(7, c.notes)
      .bind(8, alerts_text(c.alerts))
      .bind(9, to_string(c.state))
      .bind(10, c.question_id);
}

}  // namespace

void insert_caller(Database& db, Caller& c) {
  auto& insert =
      db.prepare("INSERT INTO callers(show_id, name, area, phone, point, topic, notes, alerts, state, question_id, "
                 "previous_calls, version, on_air_at, ended_at, created_at, updated_at, updated_by, video) "
                 "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)");
  bind_what_a_caller_is(insert, c)
      .bind(11, c.previous_calls)
      .bind(12, c.version)
      .bind(13, c.on_air_at_ms)
      .bind(14, c.ended_at_ms)
      .bind(15, c.created_at_ms)
      .bind(16, c.updated_at_ms)
      .bind(17, c.updated_by)
      .bind(18, to_string(c.video))
      .run();
  c.id = db.last_insert_rowid();
}

std::optional<Caller> load_caller(Database& db, std::int64_t id) {
  auto& s = db.prepare(kSelectById);
  s.bind(1, id);
  return s.first(read_row);
}

bool update_caller(Database& db, Caller& c, std::int64_t expected_version) {
  auto& update =
      db.prepare("UPDATE callers SET show_id = ?1, name = ?2, area = ?3, phone = ?4, point = ?5, topic = ?6, "
                 "notes = ?7, alerts = ?8, state = ?9, question_id = ?10, version = ?11, on_air_at = ?12, "
                 "ended_at = ?13, updated_at = ?14, updated_by = ?15 WHERE id = ?16 AND version = ?17");
  bind_what_a_caller_is(update, c)
      .bind(11, expected_version + 1)
      .bind(12, c.on_air_at_ms)
      .bind(13, c.ended_at_ms)
      .bind(14, c.updated_at_ms)
      .bind(15, c.updated_by)
      .bind(16, c.id)
      .bind(17, expected_version)
      .run();
  if (db.changes() != 1) return false;
  c.version = expected_version + 1;
  return true;
}

std::vector<Caller> list_callers(Database& db, std::optional<std::int64_t> show_id, int limit) {
  auto& s = db.prepare(kSelectOfShow);
  s.bind(1, show_id).bind(2, limit);
  return s.rows(read_row);
}

std::optional<Caller> caller_on_air(Database& db, std::optional<std::int64_t> show_id) {
  auto& s = db.prepare(kSelectOnAir);
  s.bind(1, show_id);
  return s.first(read_row);
}

bool set_caller_video(Database& db, std::int64_t id, CallerVideo video) {
  db.prepare("UPDATE callers SET video = ?1 WHERE id = ?2").bind(1, to_string(video)).bind(2, id).run();
  return db.changes() == 1;
}

std::int64_t count_calls_from(Database& db, const std::string& phone) {
  return db.prepare("SELECT count(*) FROM callers WHERE phone = ?").bind(1, phone).scalar_int64();
}

int attach_waiting_callers(Database& db, std::int64_t show_id) {
  db.prepare("UPDATE callers SET show_id = ? WHERE show_id IS NULL AND state NOT IN ('done', 'dropped')")
      .bind(1, show_id)
      .run();
  return db.changes();
}

}  // namespace votercast::core::store
