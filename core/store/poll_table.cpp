#include "core/store/poll_table.hpp"

#include <nlohmann/json.hpp>

namespace votercast::core::store {
namespace {

const std::string kColumns =
    "id, show_id, title, options, state, revote, version, created_at, opened_at, closed_at, updated_at, updated_by";
const std::string kSelectById = "SELECT " + kColumns + " FROM polls WHERE id = ?";
const std::string kSelectOfShow = "SELECT " + kColumns + " FROM polls WHERE show_id IS ? ORDER BY id";
const std::string kSelectOpen = "SELECT " + kColumns + " FROM polls WHERE state = 'open' ORDER BY opened_at DESC, id DESC";
const std::string kSelectLatestClosed =
    "SELECT " + kColumns + " FROM polls WHERE show_id = ? AND state = 'closed' ORDER BY closed_at DESC, id DESC LIMIT 1";

std::string options_text(const std::vector<PollChoice>& options) {
  auto j = nlohmann::json::array();
  for (const auto& o : options) j.push_back({{"code", o.code}, {"label", o.label}});
  return j.dump();
}

std::vector<PollChoice> parse_options(const std::string& text) {
  std::vector<PollChoice> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& o : j) out.push_back({o.value("code", ""), o.value("label", "")});
  return out;
}

Poll read_row(const Statement& s) {
  Poll p;
  p.id = s.int64(0);
  p.show_id = s.optional_int64(1);
  p.title = s.text(2);
  p.options = parse_options(s.text(3));
  p.state = parse_poll_state(s.text(4)).value_or(PollState::closed);
  p.revote = parse_revote_rule(s.text(5)).value_or(RevoteRule::last);
  p.version = s.int64(6);
  p.created_at_ms = s.int64(7);
  p.opened_at_ms = s.optional_int64(8);
  p.closed_at_ms = s.optional_int64(9);
  p.updated_at_ms = s.int64(10);
  p.updated_by = s.text(11);
  return p;
}

}  // namespace

void insert_poll(Database& db, Poll& p) {
  db.prepare("INSERT INTO polls(show_id, title, options, state, revote, version, created_at, opened_at, closed_at, "
             "updated_at, updated_by) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)")
      .bind(1, p.show_id)
      .bind(2, p.title)
      .bind(3, options_text(p.options))
      .bind(4, to_string(p.state))
      .bind(5, to_string(p.revote))
      .bind(6, p.version)
      .bind(7, p.created_at_ms)
      .bind(8, p.opened_at_ms)
      .bind(9, p.closed_at_ms)
      .bind(10, p.updated_at_ms)
      .bind(11, p.updated_by)
      .run();
  p.id = db.last_insert_rowid();
}

std::optional<Poll> load_poll(Database& db, std::int64_t id) {
  auto& s = db.prepare(kSelectById);
  s.bind(1, id);
  return s.first(read_row);
}

bool update_poll(Database& db, Poll& p, std::int64_t expected_version) {
  db.prepare("UPDATE polls SET show_id = ?1, title = ?2, options = ?3, state = ?4, revote = ?5, version = ?6, "
             "opened_at = ?7, closed_at = ?8, updated_at = ?9, updated_by = ?10 WHERE id = ?11 AND version = ?12")
      .bind(1, p.show_id)
      .bind(2, p.title)
      .bind(3, options_text(p.options))
      .bind(4, to_string(p.state))
      .bind(5, to_string(p.revote))
      .bind(6, expected_version + 1)
      .bind(7, p.opened_at_ms)
      .bind(8, p.closed_at_ms)
      .bind(9, p.updated_at_ms)
      .bind(10, p.updated_by)
      .bind(11, p.id)
      .bind(12, expected_version)
      .run();
  if (db.changes() != 1) return false;
  p.version = expected_version + 1;
  return true;
}

std::vector<Poll> list_polls(Database& db, std::optional<std::int64_t> show_id) {
  auto& s = db.prepare(kSelectOfShow);
  s.bind(1, show_id);
  return s.rows(read_row);
}

std::vector<Poll> open_polls(Database& db) { return db.prepare(kSelectOpen).rows(read_row); }

std::optional<Poll> current_open_poll(Database& db) { return db.prepare(kSelectOpen).first(read_row); }

std::optional<Poll> latest_closed_poll(Database& db, std::int64_t show_id) {
  return db.prepare(kSelectLatestClosed).bind(1, show_id).first(read_row);
}

std::optional<std::string> vote_of(Database& db, std::int64_t poll_id, const std::string& voter) {
  auto& s = db.prepare("SELECT option FROM poll_votes WHERE poll_id = ? AND voter = ?");
  s.bind(1, poll_id).bind(2, voter);
  return s.first([](const Statement& row) { return row.text(0); });
}

VoteResult record_vote(Database& db, const Poll& poll, const std::string& voter, const std::string& code,
                       const std::string& channel, std::int64_t at_ms) {
  VoteResult result;
  result.poll_id = poll.id;
  result.code = code;
  const auto earlier = vote_of(db, poll.id, voter);
  if (earlier && (*earlier == code || poll.revote == RevoteRule::first)) {
    result.code = *earlier;
    result.kept_earlier = *earlier != code;
    return result;
  }
  if (earlier) {
    db.prepare("UPDATE poll_votes SET option = ?, channel = ?, at = ? WHERE poll_id = ? AND voter = ?")
        .bind(1, code)
        .bind(2, channel)
        .bind(3, at_ms)
        .bind(4, poll.id)
        .bind(5, voter)
        .run();
    result.replaced = *earlier;
  } else {
    db.prepare("INSERT INTO poll_votes(poll_id, voter, option, channel, at) VALUES (?, ?, ?, ?, ?)")
        .bind(1, poll.id)
        .bind(2, voter)
        .bind(3, code)
        .bind(4, channel)
        .bind(5, at_ms)
        .run();
  }
  result.counted = true;
  return result;
}

std::unordered_map<std::string, std::int64_t> count_votes(Database& db, std::int64_t poll_id) {
  auto& s = db.prepare("SELECT option, count(*) FROM poll_votes WHERE poll_id = ? GROUP BY option");
  s.bind(1, poll_id);
  std::unordered_map<std::string, std::int64_t> out;
  for (auto& [code, n] : s.rows([](const Statement& row) { return std::pair{row.text(0), row.int64(1)}; }))
    out[code] = n;
  return out;
}

int attach_waiting_polls(Database& db, std::int64_t show_id) {
  db.prepare("UPDATE polls SET show_id = ? WHERE show_id IS NULL AND state != 'closed'").bind(1, show_id).run();
  return db.changes();
}

}  // namespace votercast::core::store
