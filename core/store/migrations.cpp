#include "core/store/migrations.hpp"

#include <string>

namespace votercast::core::store {

const std::vector<Migration>& schema_migrations() {
  static const std::vector<Migration> migrations{
      {1, R"sql(
CREATE TABLE shows (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  opened_by TEXT NOT NULL,
  closed_at INTEGER,
  rundown_version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX shows_one_open ON shows(closed_at IS NULL) WHERE closed_at IS NULL;

CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  ticket TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  show_id INTEGER REFERENCES shows(id),
  sender_name TEXT NOT NULL,
  phone TEXT NOT NULL,
  area TEXT NOT NULL,
  topic TEXT NOT NULL,
  agency TEXT NOT NULL,
  original_text TEXT NOT NULL,
  on_air_text TEXT NOT NULL,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  duplicate_of INTEGER REFERENCES questions(id),
  duplicate_count INTEGER NOT NULL DEFAULT 0,
  similar_to INTEGER REFERENCES questions(id),
  flag_profanity INTEGER NOT NULL,
  flag_spam INTEGER NOT NULL,
  flag_too_long INTEGER NOT NULL,
  fold_key TEXT NOT NULL,
  near_key TEXT NOT NULL,
  rundown_position INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX questions_state ON questions(state, id);
CREATE INDEX questions_show ON questions(show_id, id);
CREATE INDEX questions_near ON questions(near_key, id);
CREATE INDEX questions_rundown ON questions(show_id, rundown_position) WHERE rundown_position IS NOT NULL;

-- The event log is also the audit trail: who did what, when, to which question.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  type TEXT NOT NULL,
  question_id INTEGER,
  payload TEXT NOT NULL
);
CREATE INDEX events_question ON events(question_id, seq) WHERE question_id IS NOT NULL;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
)sql"},
      {2, R"sql(
-- Sessions live in the database so that a restart during a show logs nobody out.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);
)sql"},
      {3, R"sql(
-- Tickets are now the id under a keyed permutation (core::TicketCipher), found by
-- primary key; near-duplicate lookups moved into the writer's memory
-- (core::NearDuplicateIndex). Both dropped indexes had random keys, so every insert
-- dirtied a different page of each and commits wrote several times more.
-- The table is rebuilt because a UNIQUE column constraint cannot be dropped.
CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE questions_v3 (
  id INTEGER PRIMARY KEY,
  ticket TEXT NOT NULL,
  channel TEXT NOT NULL,
  show_id INTEGER REFERENCES shows(id),
  sender_name TEXT NOT NULL,
  phone TEXT NOT NULL,
  area TEXT NOT NULL,
  topic TEXT NOT NULL,
  agency TEXT NOT NULL,
  original_text TEXT NOT NULL,
  on_air_text TEXT NOT NULL,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  duplicate_of INTEGER REFERENCES questions(id),
  duplicate_count INTEGER NOT NULL DEFAULT 0,
  similar_to INTEGER REFERENCES questions(id),
  flag_profanity INTEGER NOT NULL,
  flag_spam INTEGER NOT NULL,
  flag_too_long INTEGER NOT NULL,
  fold_key TEXT NOT NULL,
  near_key TEXT NOT NULL,
  rundown_position INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
INSERT INTO questions_v3 SELECT * FROM questions;
DROP TABLE questions;
ALTER TABLE questions_v3 RENAME TO questions;
CREATE INDEX questions_state ON questions(state, id);
CREATE INDEX questions_show ON questions(show_id, id);
CREATE INDEX questions_rundown ON questions(show_id, rundown_position) WHERE rundown_position IS NOT NULL;
)sql"},
      // Switches the producers set that must survive a restart (intake paused).
      {4, R"sql(
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  changed_by TEXT NOT NULL
);
)sql"},
      // Each SMS a gateway delivered, by gateway and message id, with what it was answered:
      // a gateway that delivers again gets the same reply and adds no question.
      {5, R"sql(
CREATE TABLE sms_messages (
  key TEXT PRIMARY KEY,
  question_id INTEGER REFERENCES questions(id),
  reply TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  gateway TEXT NOT NULL
);
)sql"},
      // The call-in lines: each caller the screeners log, through to air.
      {6, R"sql(
CREATE TABLE callers (
  id INTEGER PRIMARY KEY,
  show_id INTEGER REFERENCES shows(id),
  name TEXT NOT NULL,
  area TEXT NOT NULL,
  phone TEXT NOT NULL,
  point TEXT NOT NULL,
  topic TEXT NOT NULL,
  notes TEXT NOT NULL,
  alerts TEXT NOT NULL,
  state TEXT NOT NULL,
  question_id INTEGER REFERENCES questions(id),
  previous_calls INTEGER NOT NULL,
  version INTEGER NOT NULL,
  on_air_at INTEGER,
  ended_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX callers_show ON callers(show_id, id);
CREATE INDEX callers_phone ON callers(phone) WHERE phone != '';
)sql"},
      // Viewers' polls and their votes: one row per voter and poll, so counts taken from
      // the rows can never count a voter twice, whatever a crash interrupted.
      {7, R"sql(
CREATE TABLE polls (
  id INTEGER PRIMARY KEY,
  show_id INTEGER REFERENCES shows(id),
  title TEXT NOT NULL,
  options TEXT NOT NULL,
  state TEXT NOT NULL,
  revote TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  opened_at INTEGER,
  closed_at INTEGER,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX polls_show ON polls(show_id, id);
CREATE TABLE poll_votes (
  poll_id INTEGER NOT NULL REFERENCES polls(id),
  voter TEXT NOT NULL,
  option TEXT NOT NULL,
  channel TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (poll_id, voter)
) WITHOUT ROWID;
)sql"},
      // After the show: agency accounts, due dates, answers, the public archive.
      // The indexes are partial: a new (pending) question touches neither, so
      // intake pays nothing for them. The archive's search is a full-text index of
      // the folded question and answer (core::archive_search_key) of answered
      // questions only: a LIKE scan of 50,000 answers took 75-100 ms of the network
      // thread, a word-prefix match here well under a millisecond for a rare word.
      {8, R"sql(
ALTER TABLE users ADD COLUMN agency TEXT NOT NULL DEFAULT '';
ALTER TABLE questions ADD COLUMN publish_name INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN due_at INTEGER;
ALTER TABLE questions ADD COLUMN answer TEXT NOT NULL DEFAULT '';
ALTER TABLE questions ADD COLUMN answered_at INTEGER;
ALTER TABLE questions ADD COLUMN answered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE questions ADD COLUMN answered_agency TEXT NOT NULL DEFAULT '';
ALTER TABLE questions ADD COLUMN answered_on_air_at INTEGER;
CREATE INDEX questions_forwarded ON questions(state, agency, due_at) WHERE state = 'forwarded';
CREATE INDEX questions_answered ON questions(state, answered_at, id) WHERE state = 'answered';
CREATE VIRTUAL TABLE answer_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3');
-- Marked answered before answers had a text: searchable by their question.
INSERT INTO answer_search(rowid, text) SELECT id, fold_key FROM questions WHERE state = 'answered';
)sql"},
      // The SMS we send voters ourselves (their question answered): one per question and
      // purpose, written before it is sent, so that a crash neither loses nor doubles it.
      {9, R"sql(
CREATE TABLE sms_outbox (
  id INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES questions(id),
  purpose TEXT NOT NULL,
  gateway TEXT NOT NULL,
  to_phone TEXT NOT NULL,
  text TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  gateway_message_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (question_id, purpose)
);
CREATE INDEX sms_outbox_due ON sms_outbox(next_attempt_at) WHERE state = 'pending';
)sql"},
      // The archive's index becomes a trigram index of " key " (spaces at both ends), so a
      // voter finds "ĐT743" by "743" as well as words by their start (archive_search.hpp).
      // The keys are copied over as they are: no text needs folding again.
      {10, R"sql(
CREATE VIRTUAL TABLE answer_search_trigram USING fts5(text, tokenize = 'trigram');
INSERT INTO answer_search_trigram(rowid, text) SELECT rowid, ' ' || text || ' ' FROM answer_search;
DROP TABLE answer_search;
ALTER TABLE answer_search_trigram RENAME TO answer_search;
)sql"},
      // How many questions a show has in each state, kept exact by triggers in the same
      // transaction as every insert, move or attachment, so that a console of a show of
      // 200,000 questions reads its counts in microseconds instead of counting them.
      // show_key 0: the questions waiting for a show.
      {11, R"sql(
CREATE TABLE question_counts (
  show_key INTEGER NOT NULL,
  state TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (show_key, state)
) WITHOUT ROWID;
INSERT INTO question_counts(show_key, state, n)
  SELECT COALESCE(show_id, 0), state, count(*) FROM questions GROUP BY 1, 2;
CREATE TRIGGER question_counts_insert AFTER INSERT ON questions BEGIN
  INSERT INTO question_counts(show_key, state, n) VALUES (COALESCE(NEW.show_id, 0), NEW.state, 1)
    ON CONFLICT(show_key, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER question_counts_move AFTER UPDATE OF state, show_id ON questions
  WHEN OLD.state IS NOT NEW.state OR OLD.show_id IS NOT NEW.show_id BEGIN
  UPDATE question_counts SET n = n - 1 WHERE show_key = COALESCE(OLD.show_id, 0) AND state = OLD.state;
  INSERT INTO question_counts(show_key, state, n) VALUES (COALESCE(NEW.show_id, 0), NEW.state, 1)
    ON CONFLICT(show_key, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER question_counts_delete AFTER DELETE ON questions BEGIN
  UPDATE question_counts SET n = n - 1 WHERE show_key = COALESCE(OLD.show_id, 0) AND state = OLD.state;
END;
)sql"},
      // The queue read at national size (core/store/queue_query.hpp): a word index of every
      // question's folded text, written with the question (queue_search.hpp; contentless,
      // as only the ids are read back), and the show's questions in each state in id order,
      // so that a page of 50 pending questions is read straight off an index, newest or
      // oldest first. Questions from before keep their key without the digit runs.
      {12, R"sql(
CREATE VIRTUAL TABLE queue_search USING fts5(text, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO queue_search(rowid, text) SELECT id, fold_key FROM questions;
CREATE INDEX questions_show_state ON questions(show_id, state, id);
)sql"},
      // Clusters of questions that ask the same thing (core/desk/cluster_index.hpp): each
      // question names the cluster it joined, and each cluster's size is kept by triggers in
      // the transaction of every change, like the counts per state, so that the largest
      // clusters of a show of 200,000 are listed off a small index. Questions from before
      // are each a cluster of one. `voters`: the pending members and the duplicates merged
      // into them (what "N cử tri hỏi câu này" says); listed when 2 or more are pending.
      {13, R"sql(
ALTER TABLE questions ADD COLUMN cluster_id INTEGER;
UPDATE questions SET cluster_id = id;
CREATE INDEX questions_cluster ON questions(cluster_id, state, id);
CREATE TABLE clusters (
  id INTEGER PRIMARY KEY,
  show_key INTEGER NOT NULL,
  questions INTEGER NOT NULL,
  pending INTEGER NOT NULL,
  voters INTEGER NOT NULL
);
INSERT INTO clusters(id, show_key, questions, pending, voters)
  SELECT id, COALESCE(show_id, 0), 1, state = 'pending', CASE WHEN state = 'pending' THEN 1 + duplicate_count ELSE 0 END
  FROM questions;
CREATE INDEX clusters_by_size ON clusters(show_key, voters) WHERE pending >= 2;
CREATE TRIGGER clusters_insert AFTER INSERT ON questions WHEN NEW.cluster_id IS NOT NULL BEGIN
  INSERT INTO clusters(id, show_key, questions, pending, voters)
    VALUES (NEW.cluster_id, COALESCE(NEW.show_id, 0), 1, NEW.state = 'pending',
            CASE WHEN NEW.state = 'pending' THEN 1 + NEW.duplicate_count ELSE 0 END)
    ON CONFLICT(id) DO UPDATE SET questions = questions + 1, pending = pending + excluded.pending,
                                  voters = voters + excluded.voters;
END;
CREATE TRIGGER clusters_move AFTER UPDATE OF state, duplicate_count, show_id, cluster_id ON questions
  WHEN OLD.state IS NOT NEW.state OR OLD.duplicate_count IS NOT NEW.duplicate_count
    OR OLD.show_id IS NOT NEW.show_id OR OLD.cluster_id IS NOT NEW.cluster_id BEGIN
  UPDATE clusters SET questions = questions - 1, pending = pending - (OLD.state = 'pending'),
      voters = voters - CASE WHEN OLD.state = 'pending' THEN 1 + OLD.duplicate_count ELSE 0 END
    WHERE id = OLD.cluster_id;
  INSERT INTO clusters(id, show_key, questions, pending, voters)
    SELECT NEW.cluster_id, COALESCE(NEW.show_id, 0), 1, NEW.state = 'pending',
           CASE WHEN NEW.state = 'pending' THEN 1 + NEW.duplicate_count ELSE 0 END
    WHERE NEW.cluster_id IS NOT NULL
    ON CONFLICT(id) DO UPDATE SET show_key = excluded.show_key, questions = questions + 1,
      pending = pending + excluded.pending, voters = voters + excluded.voters;
END;
CREATE TRIGGER clusters_delete AFTER DELETE ON questions BEGIN
  UPDATE clusters SET questions = questions - 1, pending = pending - (OLD.state = 'pending'),
      voters = voters - CASE WHEN OLD.state = 'pending' THEN 1 + OLD.duplicate_count ELSE 0 END
    WHERE id = OLD.cluster_id;
END;
)sql"},
      // The queue's word index is written behind the questions, in large batches off the
      // intake's transactions (queue_search.hpp): the last question it holds is kept here,
      // and the few after it are found by reading them. Everything before is indexed.
      {14, R"sql(
CREATE TABLE queue_search_progress (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  upto INTEGER NOT NULL
);
INSERT INTO queue_search_progress(one, upto) VALUES (1, COALESCE((SELECT max(id) FROM questions), 0));
)sql"},
      // What the queue's filters and counts read, beside the questions and a tenth their
      // size (queue_query.cpp). Keyed by id: counting a show's topic scans the show's span
      // of it instead of 200,000 rows, a search's matches are looked up in it, and a rare
      // filter's page is found in it before any row is read. A cluster's areas and channels
      // are read off its own index the same way.
      {15, R"sql(
CREATE INDEX questions_facets ON questions(id, show_id, state, topic, channel, agency, area,
                                           flag_profanity, flag_spam, flag_too_long);
DROP INDEX questions_cluster;
CREATE INDEX questions_cluster ON questions(cluster_id, state, id, area, channel);
)sql"},
      // The queue by the size of each question's cluster, every cluster of the show from
      // the most voters down (clusters_by_size holds only those with two or more pending).
      {16, R"sql(
CREATE INDEX clusters_by_voters ON clusters(show_key, voters, id);
)sql"},
      // What storing a question writes, cut: each commit writes every page it touched, and a
      // burst of alike questions touches the cluster index at each cluster's place. Without
      // area and channel in it, its entries are a quarter the size and split a quarter as
      // often (53 pages a commit of 29 questions instead of 65, with the next). The index on
      // (state, id) served no query: every one names the show (questions_show_state) or is
      // a partial index's (forwarded, answered).
      {17, R"sql(
DROP INDEX questions_cluster;
CREATE INDEX questions_cluster ON questions(cluster_id, state, id);
DROP INDEX questions_state;
)sql"},
      // Staff sessions end after a while without use (last_seen), and all of an account's at
      // once when it is disabled or its password changes (by user_id).
      {18, R"sql(
ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen = created_at;
CREATE INDEX sessions_user ON sessions(user_id);
)sql"},
      // Phone numbers are dropped from a show's questions, callers and SMS votes once it has
      // been closed for retention.phones_days (core/store/phone_retention.hpp); a show whose
      // numbers are gone is marked, so later passes never read its rows again.
      {19, R"sql(
ALTER TABLE shows ADD COLUMN phones_dropped_at INTEGER;
)sql"},
      // Video call-ins (core/call_link.hpp): a one-time link per caller, kept only as the
      // hash of its token, with a short code to read out on air while it is valid; the
      // seat is the hash of the cookie of the phone that first joined, so that phone (and
      // no other) may come back after a reload or a dropped network. A caller's video
      // state sits beside their place on the lines.
      {20, R"sql(
ALTER TABLE callers ADD COLUMN video TEXT NOT NULL DEFAULT '';
CREATE TABLE call_links (
  id INTEGER PRIMARY KEY,
  caller_id INTEGER NOT NULL REFERENCES callers(id),
  token_hash TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  seat_hash TEXT,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX call_links_caller ON call_links(caller_id);
CREATE INDEX call_links_open_code ON call_links(code) WHERE revoked = 0 AND used_at IS NULL;
)sql"},
      // The outbox also carries a caller's call link by SMS: a row is either a question's
      // (one per purpose) or a call link's (one per link), never both. SQLite cannot drop
      // a NOT NULL, so the table is made again and its rows copied, ids and all.
      {21, R"sql(
CREATE TABLE sms_outbox_new (
  id INTEGER PRIMARY KEY,
  question_id INTEGER REFERENCES questions(id),
  call_link_id INTEGER REFERENCES call_links(id),
  purpose TEXT NOT NULL,
  gateway TEXT NOT NULL,
  to_phone TEXT NOT NULL,
  text TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  gateway_message_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (question_id, purpose),
  UNIQUE (call_link_id),
  CHECK ((question_id IS NULL) <> (call_link_id IS NULL))
);
INSERT INTO sms_outbox_new(id, question_id, purpose, gateway, to_phone, text, state, attempts, next_attempt_at,
                           last_error, gateway_message_id, created_at, sent_at)
  SELECT id, question_id, purpose, gateway, to_phone, text, state, attempts, next_attempt_at,
         last_error, gateway_message_id, created_at, sent_at FROM sms_outbox;
DROP TABLE sms_outbox;
ALTER TABLE sms_outbox_new RENAME TO sms_outbox;
CREATE INDEX sms_outbox_due ON sms_outbox(next_attempt_at) WHERE state = 'pending';
)sql"},
  };
  return migrations;
}

int schema_version(Database& db) {
  return static_cast<int>(db.prepare("PRAGMA user_version").scalar_int64());
}

int migrate(Database& db, const std::vector<Migration>& migrations) {
  int version = schema_version(db);
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  if (version > newest)
    throw DatabaseError(0, "database schema version " + std::to_string(version) +
                               " is newer than this votercast understands (" + std::to_string(newest) + ")");
  // Numbered 1, 2, 3…: a gap or a repeat in the list is a mistake, never skipped silently.
  for (std::size_t i = 0; i < migrations.size(); ++i)
    if (migrations[i].version != (i ? migrations[i - 1].version + 1 : migrations[0].version))
      throw DatabaseError(0, "migration " + std::to_string(migrations[i].version) + " does not follow " +
                                 std::to_string(migrations[i - 1].version));
  for (const auto& m : migrations) {
    if (m.version <= version) continue;
    Transaction tx(db);
    db.exec(m.sql);
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
    version = m.version;
  }
  return version;
}

}  // namespace votercast::core::store
