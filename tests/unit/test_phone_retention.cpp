// Closed shows' phone numbers dropped after retention.phones_days, in bounded steps: the
// show's questions, outbox messages, callers and SMS votes lose their numbers, names and
// counts stay; open shows, recently closed ones and questions without a show keep theirs.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/intake.hpp"
#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "core/store/phone_retention.hpp"
#include "core/store/question_table.hpp"
#include "core/store/sms_outbox_table.hpp"
#include "temp_db.hpp"

using namespace votercast::core;
using namespace votercast::core::store;

namespace {

constexpr std::int64_t kDay = 24 * 3600 * 1000;

struct PhoneRetentionTest : ::testing::Test {
  TempDb tmp;
  Database db{tmp.path};
  std::int64_t now = now_ms();
  void SetUp() override { migrate(db); }

  std::int64_t show(std::optional<std::int64_t> closed_at) {
    db.prepare("INSERT INTO shows(title, opened_at, opened_by, closed_at) VALUES ('Đối thoại', 1, 'x', ?)")
        .bind(1, closed_at)
        .run();
    return db.last_insert_rowid();
  }
  std::int64_t question(std::optional<std::int64_t> show_id, const std::string& phone) {
    Submission s;
    s.channel = Channel::sms;
    s.phone = phone;
    s.name = "Trần Hữu Quynh";
    s.text = "Khi nào sửa đường ĐT743?";
    auto q = prepare_question(s, now);
    q.ticket = "T" + std::to_string(++tickets_);
    q.show_id = show_id;
    insert_question(db, q);
    if (phone.empty()) return q.id;  // nothing to answer by SMS
    sms::OutboxMessage m;
    m.question_id = q.id;
    m.purpose = sms::outbox_purpose::answered;
    m.gateway = "twilio";
    m.to = phone;
    m.text = "Cau hoi da co tra loi";
    m.next_attempt_at_ms = m.created_at_ms = now;
    EXPECT_TRUE(enqueue_outbox(db, m));
    return q.id;
  }
  void caller(std::int64_t show_id, const std::string& phone) {
    db.prepare("INSERT INTO callers(show_id, name, area, phone, point, topic, notes, alerts, state, previous_calls, "
               "version, created_at, updated_at, updated_by) "
               "VALUES (?, 'Lê Văn Tám', '', ?, '', '', '', '[]', 'ended', 0, 1, 1, 1, 'x')")
        .bind(1, show_id)
        .bind(2, phone)
        .run();
  }
  void sms_vote(std::int64_t show_id, const std::string& phone) {
    db.prepare("INSERT OR IGNORE INTO polls(id, show_id, title, options, state, revote, version, created_at, updated_at, "
               "updated_by) VALUES (?, ?, 'Hài lòng?', '[]', 'closed', 'none', 1, 1, 1, 'x')")
        .bind(1, show_id)
        .bind(2, show_id)
        .run();
    db.prepare("INSERT INTO poll_votes(poll_id, voter, option, channel, at) VALUES (?, ?, 'A', 'sms', 1)")
        .bind(1, show_id)
        .bind(2, "sms:" + phone)
        .run();
  }
  std::int64_t count(const std::string& sql, std::int64_t show_id) {  // test-only SQL, from literals
    return db.prepare(sql).bind(1, show_id).scalar_int64();
  }
  // Runs a pass to its end; returns the steps taken.
  int pass(const PhoneRetention& r, PhoneDropStep& totals) {
    PhoneDropCursor at;
    for (int steps = 1;; ++steps) {
      const auto s = drop_phones_step(db, r, now, at);
      totals.questions += s.questions;
      totals.callers += s.callers;
      totals.poll_votes += s.poll_votes;
      totals.outbox_numbers += s.outbox_numbers;
      totals.shows_done += s.shows_done;
      if (s.done) return steps;
      at = s.next;
      if (steps > 100) ADD_FAILURE() << "the pass does not end";
      if (steps > 100) return steps;
    }
  }
  int tickets_ = 0;
};

TEST_F(PhoneRetentionTest, AShowClosedLongAgoLosesItsNumbersInBoundedStepsAndKeepsItsNames) {
  const auto aged = show(now - 91 * kDay);
  const auto recent = show(now - 10 * kDay);
  const auto open = show(std::nullopt);
  for (int i = 0; i < 5; ++i) question(aged, "+8491234567" + std::to_string(i));
  question(aged, "");  // a web question without a number
  for (const auto s : {recent, open}) question(s, "+84987654321");
  question(std::nullopt, "+84987654321");  // waiting for a show
  for (const auto s : {aged, recent, open}) {
    caller(s, "+84911111111");
    caller(s, "+84922222222");
    caller(s, "+84933333333");
    sms_vote(s, "+84911111111");
    sms_vote(s, "+84922222222");
    sms_vote(s, "+84933333333");
  }

  PhoneRetention r{90 * kDay, /*chunk=*/2};
  PhoneDropStep totals;
  const int steps = pass(r, totals);
  EXPECT_GE(steps, 4) << "two rows of each kind a step";
  EXPECT_EQ(totals.shows_done, 1);
  EXPECT_EQ(totals.questions, 5);
  EXPECT_EQ(totals.outbox_numbers, 5);
  EXPECT_EQ(totals.callers, 3);
  EXPECT_EQ(totals.poll_votes, 3);

  EXPECT_EQ(count("SELECT count(*) FROM questions WHERE show_id = ? AND phone != ''", aged), 0);
  EXPECT_EQ(count("SELECT count(*) FROM questions WHERE show_id = ? AND sender_name = 'Trần Hữu Quynh'", aged), 6)
      << "names stay: they were shown on air";
  EXPECT_EQ(count("SELECT count(*) FROM sms_outbox o JOIN questions q ON q.id = o.question_id "
                  "WHERE q.show_id = ? AND (o.to_phone != '' OR o.state = 'pending')", aged), 0)
      << "an answer not sent yet is cancelled with its number";
  EXPECT_EQ(count("SELECT count(*) FROM callers WHERE show_id = ? AND phone = '' AND name = 'Lê Văn Tám'", aged), 3);
  EXPECT_EQ(count("SELECT count(*) FROM poll_votes WHERE poll_id = ? AND voter GLOB 'erased:*'", aged), 3)
      << "the votes still count, under keys tied to nobody";
  for (const auto kept : {recent, open}) {
    EXPECT_EQ(count("SELECT count(*) FROM questions WHERE show_id = ? AND phone = '+84987654321'", kept), 1);
    EXPECT_EQ(count("SELECT count(*) FROM callers WHERE show_id = ? AND phone != ''", kept), 3);
    EXPECT_EQ(count("SELECT count(*) FROM poll_votes WHERE poll_id = ? AND voter GLOB 'sms:*'", kept), 3);
  }
  EXPECT_EQ(count("SELECT count(*) FROM questions WHERE show_id IS NULL AND phone != '' AND ? = 0", 0), 1);
  EXPECT_EQ(count("SELECT count(*) FROM shows WHERE id = ? AND phones_dropped_at IS NOT NULL", aged), 1);

  PhoneDropStep again;
  EXPECT_EQ(pass(r, again), 1) << "a show done is not read again";
  EXPECT_EQ(again.shows_done, 0);
}

}  // namespace
