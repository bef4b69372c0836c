#include "core/store/question_table.hpp"

#include "core/store/archive_search.hpp"

#include "core/text.hpp"

namespace votercast::core::store {

const std::string kQuestionColumns =
    "id, ticket, channel, show_id, sender_name, phone, area, topic, agency, original_text, on_air_text, "
    "state, version, duplicate_of, duplicate_count, similar_to, flag_profanity, flag_spam, flag_too_long, "
    "fold_key, near_key, rundown_position, created_at, updated_at, updated_by, publish_name, due_at, answer, "
    "answered_at, answered_by, answered_agency, answered_on_air_at, cluster_id";

namespace {
const std::string& kColumns = kQuestionColumns;

// Built once: the statement cache is keyed by the SQL text.
const std::string kSelectById = "SELECT " + kColumns + " FROM questions WHERE id = ?";
const std::string kSelectFiltered = "SELECT " + kColumns +
                                    " FROM questions WHERE id > ?1"
                                    " AND (?2 IS NULL OR state = ?2)"
                                    " AND (?3 IS NULL OR topic = ?3)"
                                    " AND (?4 IS NULL OR fold_key LIKE ?4 ESCAPE '\\')"
                                    " AND (?5 IS NULL OR show_id = ?5)"
                                    " AND (?6 = 0 OR show_id IS NULL)"
                                    " ORDER BY id LIMIT ?7";
const std::string kSelectRundown = "SELECT " + kColumns +
                                   " FROM questions WHERE show_id = ? AND rundown_position IS NOT NULL"
                                   " ORDER BY rundown_position";

// Most questions go on air as the voter wrote them: the on-air text is then stored empty
// rather than as a second copy of the text (an edit never leaves it empty: it is refused).
std::string_view stored_on_air_text(const Question& q) {
  return q.on_air_text == q.original_text ? std::string_view("") : std::string_view(q.on_air_text);
}

}  // namespace

Question read_question_row(const Statement& s) {
  Question q;
  q.id = s.int64(0);
  q.ticket = s.text(1);
  q.channel = parse_channel(s.text(2)).value_or(Channel::web);
  q.show_id = s.optional_int64(3);
  q.sender_name = s.text(4);
  q.phone = s.text(5);
  q.area = s.text(6);
  q.topic = s.text(7);
  q.agency = s.text(8);
  q.original_text = s.text(9);
  q.on_air_text = s.text(10);
  if (q.on_air_text.empty()) q.on_air_text = q.original_text;  // stored_on_air_text()
  q.state = parse_question_state(s.text(11)).value_or(QuestionState::pending);
  q.version = s.int64(12);
  q.duplicate_of = s.optional_int64(13);
  q.duplicate_count = s.int64(14);
  q.similar_to = s.optional_int64(15);
  q.flags.profanity = s.int64(16) != 0;
  q.flags.spam = s.int64(17) != 0;
  q.flags.too_long = s.int64(18) != 0;
  q.fold_key = s.text(19);
  q.near_key = s.text(20);
  q.rundown_position = s.optional_int64(21);
  q.created_at_ms = s.int64(22);
  q.updated_at_ms = s.int64(23);
  q.updated_by = s.text(24);
  q.publish_name = s.int64(25) != 0;
  q.due_at_ms = s.optional_int64(26);
  q.answer_text = s.text(27);
  q.answered_at_ms = s.optional_int64(28);
  q.answered_by = s.text(29);
  q.answered_agency = s.text(30);
  q.answered_on_air_at_ms = s.optional_int64(31);
  q.cluster_id = s.optional_int64(32);
  return q;
}

namespace {
const auto read_row = read_question_row;

// LIKE pattern for a literal substring.
std::string like_contains(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace

void insert_question(Database& db, Question& q) {
  db.prepare("INSERT INTO questions(id, ticket, channel, show_id, sender_name, phone, area, topic, agency, "
             "original_text, on_air_text, state, version, duplicate_of, duplicate_count, similar_to, "
             "flag_profanity, flag_spam, flag_too_long, fold_key, near_key, rundown_position, created_at, "
             "updated_at, updated_by, publish_name, cluster_id) "
             "VALUES (?25,?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?26,?27)")
      .bind(25, q.id > 0 ? std::optional<std::int64_t>(q.id) : std::nullopt)
      .bind(1, q.ticket)
      .bind(2, to_string(q.channel))
      .bind(3, q.show_id)
      .bind(4, q.sender_name)
      .bind(5, q.phone)
      .bind(6, q.area)
      .bind(7, q.topic)
      .bind(8, q.agency)
      .bind(9, q.original_text)
      .bind(10, stored_on_air_text(q))
      .bind(11, to_string(q.state))
      .bind(12, q.version)
      .bind(13, q.duplicate_of)
      .bind(14, q.duplicate_count)
      .bind(15, q.similar_to)
      .bind(16, q.flags.profanity)
      .bind(17, q.flags.spam)
      .bind(18, q.flags.too_long)
      .bind(19, q.fold_key)
      .bind(20, q.near_key)
      .bind(21, q.rundown_position)
      .bind(22, q.created_at_ms)
      .bind(23, q.updated_at_ms)
      .bind(24, q.updated_by)
      .bind(26, q.publish_name)
      .bind(27, q.cluster_id)
      .run();
  q.id = db.last_insert_rowid();
}

std::optional<Question> load_question(Database& db, std::int64_t id) {
  auto& s = db.prepare(kSelectById);
  s.bind(1, id);
  return s.first(read_row);
}

std::optional<Question> load_question_by_ticket(Database& db, const TicketCipher& tickets,
                                                const std::string& canonical_code) {
  const auto id = tickets.id_for(canonical_code);
  if (!id) return std::nullopt;
  auto q = load_question(db, *id);
  if (!q || q->ticket != canonical_code) return std::nullopt;
  return q;
}

std::int64_t next_question_id(Database& db) {
  return db.prepare("SELECT coalesce(max(id), 0) + 1 FROM questions").scalar_int64();
}

bool update_question(Database& db, Question& q, std::int64_t expected_version) {
  db.prepare("UPDATE questions SET show_id = ?, sender_name = ?, area = ?, topic = ?, agency = ?, "
             "on_air_text = ?, state = ?, version = ?, duplicate_of = ?, duplicate_count = ?, similar_to = ?, "
             "flag_too_long = ?, rundown_position = ?, updated_at = ?, updated_by = ?, due_at = ?18, answer = ?19, "
             "answered_at = ?20, answered_by = ?21, answered_agency = ?22, answered_on_air_at = ?23 "
             "WHERE id = ?16 AND version = ?17")
      .bind(1, q.show_id)
      .bind(2, q.sender_name)
      .bind(3, q.area)
      .bind(4, q.topic)
      .bind(5, q.agency)
      .bind(6, stored_on_air_text(q))
      .bind(7, to_string(q.state))
      .bind(8, expected_version + 1)
      .bind(9, q.duplicate_of)
      .bind(10, q.duplicate_count)
      .bind(11, q.similar_to)
      .bind(12, q.flags.too_long)
      .bind(13, q.rundown_position)
      .bind(14, q.updated_at_ms)
      .bind(15, q.updated_by)
      .bind(16, q.id)
      .bind(17, expected_version)
      .bind(18, q.due_at_ms)
      .bind(19, q.answer_text)
      .bind(20, q.answered_at_ms)
      .bind(21, q.answered_by)
      .bind(22, q.answered_agency)
      .bind(23, q.answered_on_air_at_ms)
      .run();
  if (db.changes() != 1) return false;
  q.version = expected_version + 1;
  return true;
}

std::vector<Question> list_questions(Database& db, const QuestionFilter& f) {
  // One statement with optional filters keeps the prepared-statement cache small.
  auto& s = db.prepare(kSelectFiltered);
  s.bind(1, f.after_id);
  if (f.state)
    s.bind(2, to_string(*f.state));
  else
    s.bind_null(2);
  s.bind(3, f.topic);
  if (f.folded_search)
    s.bind(4, like_contains(*f.folded_search));
  else
    s.bind_null(4);
  s.bind(5, f.show_id);
  s.bind(6, f.waiting_only);
  s.bind(7, f.limit);
  return s.rows(read_row);
}

std::vector<std::pair<std::string, std::int64_t>> live_near_keys(Database& db, std::optional<std::int64_t> show_id) {
  auto& s = db.prepare(
      "SELECT near_key, id FROM questions WHERE show_id IS ?1 AND near_key != '' "
      "AND state NOT IN ('rejected', 'merged') ORDER BY id");
  s.bind(1, show_id);
  return s.rows([](const Statement& row) { return std::pair{row.text(0), row.int64(1)}; });
}

bool is_live_near_duplicate(Database& db, std::int64_t id, const std::string& near_key,
                            std::optional<std::int64_t> show_id) {
  auto& s = db.prepare(
      "SELECT 1 FROM questions WHERE id = ?1 AND near_key = ?2 AND show_id IS ?3 "
      "AND state NOT IN ('rejected', 'merged')");
  s.bind(1, id).bind(2, near_key).bind(3, show_id);
  return s.first([](const Statement&) { return true; }).has_value();
}

std::vector<Question> rundown_questions(Database& db, std::int64_t show_id) {
  auto& s = db.prepare(kSelectRundown);
  s.bind(1, show_id);
  return s.rows(read_row);
}

std::int64_t next_rundown_position(Database& db, std::int64_t show_id) {
  auto& s = db.prepare("SELECT COALESCE(MAX(rundown_position), 0) + 1 FROM questions WHERE show_id = ?");
  s.bind(1, show_id);
  return s.scalar_int64();
}

QuestionPage list_follow_up(Database& db, const FollowUpFilter& f) {
  // Both use a partial index (questions_forwarded, questions_answered): only the
  // questions after the show are read, however long the queue grew.
  static const std::string kForwardedWhere =
      " FROM questions WHERE state = 'forwarded' AND (?1 IS NULL OR agency = ?1) AND (?2 = 0 OR due_at < ?3)";
  static const std::string kAnsweredWhere =
      " FROM questions WHERE state = 'answered' AND (?1 IS NULL OR agency = ?1) AND (?2 = 0 OR answered_at > due_at)";
  static const std::string kForwarded =
      "SELECT " + kColumns + kForwardedWhere + " ORDER BY due_at IS NULL, due_at, id LIMIT ?4 OFFSET ?5";
  static const std::string kAnswered =
      "SELECT " + kColumns + kAnsweredWhere + " ORDER BY answered_at DESC, id DESC LIMIT ?4 OFFSET ?5";
  static const std::string kCountForwarded = "SELECT COUNT(*)" + kForwardedWhere;
  static const std::string kCountAnswered = "SELECT COUNT(*)" + kAnsweredWhere;
  const bool answered = f.state == QuestionState::answered;
  auto bind_where = [&](Statement& s) -> Statement& {
    s.bind(1, f.agency).bind(2, f.overdue_only);
    return answered ? s : s.bind(3, f.now_ms);
  };
  QuestionPage page;
  auto& rows = bind_where(db.prepare(answered ? kAnswered : kForwarded));
  page.questions = rows.bind(4, f.limit).bind(5, f.offset).rows(read_row);
  page.total = bind_where(db.prepare(answered ? kCountAnswered : kCountForwarded)).scalar_int64();
  return page;
}

QuestionPage list_archive(Database& db, const ArchiveFilter& f) {
  static const std::string kWhere =
      " FROM questions WHERE state = 'answered' AND (?1 IS NULL OR topic = ?1) AND (?2 IS NULL OR area = ?2)";
  static const std::string kMatching = kWhere + " AND id IN (SELECT rowid FROM answer_search WHERE answer_search MATCH ?5)";
  static const std::string kOrder = " ORDER BY answered_at DESC, id DESC LIMIT ?3 OFFSET ?4";
  const auto match = archive_match(f.folded_words);
  const std::string& where = match.empty() ? kWhere : kMatching;
  auto bind_where = [&](Statement& s) -> Statement& {
    s.bind(1, f.topic).bind(2, f.area);
    return match.empty() ? s : s.bind(5, match);
  };
  QuestionPage page;
  auto& rows = bind_where(db.prepare("SELECT " + kColumns + where + kOrder));
  page.questions = rows.bind(3, f.limit).bind(4, f.offset).rows(read_row);
  page.total = bind_where(db.prepare("SELECT COUNT(*)" + where)).scalar_int64();
  return page;
}

int attach_waiting_questions(Database& db, std::int64_t show_id) {
  db.prepare("UPDATE questions SET show_id = ?, version = version + 1 WHERE show_id IS NULL AND state = 'pending'")
      .bind(1, show_id)
      .run();
  return db.changes();
}

}  // namespace votercast::core::store
