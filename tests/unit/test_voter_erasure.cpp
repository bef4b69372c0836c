// Erasing one voter's personal data: names and numbers blanked everywhere they are kept
// (questions, callers, outbox, SMS votes, the log's copies), counts and texts kept, an
// unsent message cancelled, the erasure logged with the number masked.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/desk/voter_erasure.hpp"
#include "core/intake.hpp"
#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "core/store/question_table.hpp"
#include "core/store/sms_outbox_table.hpp"
#include "temp_db.hpp"

using namespace votercast::core;
using namespace votercast::core::store;

namespace {

constexpr auto kVoter = "+84912345678";
constexpr auto kOther = "+84987654321";

struct VoterErasure : ::testing::Test {
  TempDb tmp;
  Database db{tmp.path};
  void SetUp() override { migrate(db); }

  std::int64_t question(const std::string& phone, const std::string& name, Channel channel = Channel::web) {
    Submission s;
    s.channel = channel;
    s.phone = phone;
    s.name = name;
    s.text = "Khi nào sửa đường ĐT743 đoạn qua phường Bình An?";
    auto q = prepare_question(s, now_ms());
    q.ticket = "T" + std::to_string(++tickets_);
    insert_question(db, q);
    return q.id;
  }
  void outbox(std::int64_t question_id, const std::string& to, bool sent) {
    sms::OutboxMessage m;
    m.question_id = question_id;
    m.purpose = sms::outbox_purpose::answered;
    m.gateway = "twilio";
    m.to = to;
    m.text = "Cau hoi da co tra loi";
    m.next_attempt_at_ms = m.created_at_ms = 10;
    ASSERT_TRUE(enqueue_outbox(db, m));
    if (sent) db.prepare("UPDATE sms_outbox SET state = 'sent' WHERE question_id = ?").bind(1, question_id).run();
  }
  std::string text(const std::string& sql, std::int64_t id) {  // test-only SQL, from literals
    return *db.prepare(sql).bind(1, id).first([](const Statement& s) { return s.text(0); });
  }
  std::int64_t count(const std::string& sql) { return db.prepare(sql).scalar_int64(); }
  int tickets_ = 0;
};

TEST_F(VoterErasure, ByPhoneBlanksEveryCopyAndKeepsTheCounts) {
  const auto q1 = question(kVoter, "Trần Hữu Quynh", Channel::sms);
  const auto q2 = question(kVoter, "Trần Hữu Quynh", Channel::sms);
  const auto other = question(kOther, "Lê Văn Tám");
  outbox(q1, kVoter, /*sent=*/false);
  outbox(q2, kVoter, /*sent=*/true);
  outbox(other, kOther, /*sent=*/false);
  db.prepare("INSERT INTO callers(show_id, name, area, phone, point, topic, notes, alerts, state, previous_calls, "
             "version, created_at, updated_at, updated_by) "
             "VALUES (NULL, 'Trần Hữu Quynh', '', ?, '', '', 'anh Quynh, tổ 3', '[]', 'waiting', 0, 1, 1, 1, 'x')")
      .bind(1, kVoter)
      .run();
  const auto caller = db.last_insert_rowid();
  db.exec("INSERT INTO polls(id, title, options, state, revote, version, created_at, updated_at, updated_by) "
          "VALUES (1, 'Hài lòng?', '[]', 'open', 'none', 1, 1, 1, 'x'), (2, 'Lần hai?', '[]', 'open', 'none', 1, 1, 1, 'x')");
  for (const auto* voter : {"sms:+84912345678", "sms:+84987654321", "web:abc"})
    db.prepare("INSERT INTO poll_votes(poll_id, voter, option, channel, at) VALUES (1, ?, 'A', 'sms', 1)").bind(1, voter).run();
  db.exec("INSERT INTO poll_votes(poll_id, voter, option, channel, at) VALUES (2, 'sms:+84912345678', 'B', 'sms', 1)");

  WriteContext ctx(db, now_ms());
  // What the log keeps: a copy of the question (number masked, name as given), a caller's.
  ctx.emit("question.updated", "kiemduyet", q1,
           R"({"change":"edit","question":{"id":)" + std::to_string(q1) + R"(,"name":"Trần Hữu Quynh","phone":"+84912345678"}})");
  ctx.emit("question.updated", "kiemduyet", other,
           R"({"change":"edit","question":{"id":)" + std::to_string(other) + R"(,"name":"Lê Văn Tám","phone":"+84987654321"}})");
  ctx.emit("caller.created", "trucdt", std::nullopt,
           R"({"caller":{"id":)" + std::to_string(caller) +
               R"(,"name":"Trần Hữu Quynh","phone":"+84912345678","notes":"anh Quynh, tổ 3"}})");

  const auto r = erase_voter(ctx, plan_erasure(db, ErasureRequest{kVoter, std::nullopt}), "cli");
  EXPECT_TRUE(r.found);
  EXPECT_EQ(r.counts.questions, 2);
  EXPECT_EQ(r.counts.callers, 1);
  EXPECT_EQ(r.counts.poll_votes, 2);
  EXPECT_EQ(r.counts.outbox_cancelled, 1);
  EXPECT_EQ(r.counts.outbox_numbers, 2);
  EXPECT_EQ(r.counts.events, 2);

  for (const auto id : {q1, q2}) {
    EXPECT_EQ(text("SELECT sender_name || '|' || phone FROM questions WHERE id = ?", id), "|");
    EXPECT_EQ(text("SELECT original_text FROM questions WHERE id = ?", id), "Khi nào sửa đường ĐT743 đoạn qua phường Bình An?");
  }
  EXPECT_EQ(text("SELECT sender_name || '|' || phone FROM questions WHERE id = ?", other), "Lê Văn Tám|+84987654321");
  EXPECT_EQ(count("SELECT count(*) FROM questions"), 3) << "the questions stay, and so do the counts";
  EXPECT_EQ(text("SELECT state || '|' || to_phone FROM sms_outbox WHERE question_id = ?", q1), "cancelled|")
      << "an answer not yet sent to an erased number is never sent";
  EXPECT_EQ(text("SELECT state || '|' || to_phone FROM sms_outbox WHERE question_id = ?", q2), "sent|");
  EXPECT_EQ(text("SELECT state || '|' || to_phone FROM sms_outbox WHERE question_id = ?", other), "pending|+84987654321");
  EXPECT_TRUE(due_outbox(db, now_ms(), 10).size() == 1u) << "only the other voter's message is still due";
  EXPECT_EQ(text("SELECT name || '|' || phone || '|' || notes FROM callers WHERE id = ?", caller), "||")
      << "the screener's notes describe the caller";
  EXPECT_EQ(count("SELECT count(*) FROM poll_votes WHERE poll_id = 1"), 3) << "the vote still counts";
  EXPECT_EQ(count("SELECT count(*) FROM poll_votes WHERE poll_id = 2"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM poll_votes WHERE voter GLOB '*912345678*'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM poll_votes WHERE voter = 'sms:+84987654321'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE type != 'privacy.erased' AND (payload GLOB '*Quynh*' OR payload GLOB '*912*678*')"), 0)
      << "neither the name nor the number (not even masked) stays in the log";
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE payload GLOB '*Lê Văn Tám*'"), 1);

  const auto logged = db.prepare("SELECT actor, payload FROM events WHERE type = 'privacy.erased'").first(
      [](const Statement& s) { return s.text(0) + " " + s.text(1); });
  ASSERT_TRUE(logged);
  EXPECT_NE(logged->find("cli {"), std::string::npos) << *logged;
  EXPECT_NE(logged->find("0912***678"), std::string::npos) << *logged;
  EXPECT_NE(logged->find("\"questions\":2"), std::string::npos) << *logged;
}

TEST_F(VoterErasure, ATicketWithoutANumberErasesItsOneQuestion) {
  const auto q = question("", "Nguyễn Thị Hoa");
  const auto r = erase_voter(*std::make_unique<WriteContext>(db, now_ms()), plan_erasure(db, ErasureRequest{std::nullopt, q}), "cli");
  EXPECT_TRUE(r.found);
  EXPECT_EQ(r.counts.questions, 1);
  EXPECT_EQ(text("SELECT sender_name FROM questions WHERE id = ?", q), "");

  WriteContext ctx(db, now_ms());
  EXPECT_FALSE(erase_voter(ctx, plan_erasure(db, ErasureRequest{std::nullopt, q + 100}), "cli").found) << "no such ticket";
  EXPECT_FALSE(erase_voter(ctx, plan_erasure(db, ErasureRequest{"+84900000000", std::nullopt}), "cli").found) << "nothing of this number";
}

TEST_F(VoterErasure, WhatArrivesAfterThePlanIsErasedToo) {
  // The plan is read outside the writer; the live show goes on until the write job runs.
  const auto before = question(kVoter, "Trần Hữu Quynh", Channel::sms);
  const auto plan = plan_erasure(db, ErasureRequest{kVoter, std::nullopt});
  ASSERT_EQ(plan.rows.questions, std::vector<std::int64_t>{before});
  const auto after = question(kVoter, "Trần Hữu Quynh", Channel::sms);
  db.prepare("INSERT INTO callers(show_id, name, area, phone, point, topic, notes, alerts, state, previous_calls, "
             "version, created_at, updated_at, updated_by) "
             "VALUES (NULL, 'Trần Hữu Quynh', '', ?, '', '', '', '[]', 'waiting', 0, 1, 1, 1, 'x')")
      .bind(1, kVoter)
      .run();
  const auto caller = db.last_insert_rowid();
  WriteContext ctx(db, now_ms());
  ctx.emit("caller.created", "trucdt", std::nullopt,
           R"({"caller":{"id":)" + std::to_string(caller) + R"(,"name":"Trần Hữu Quynh","phone":"+84912345678"}})");

  const auto r = erase_voter(ctx, plan, "cli");
  EXPECT_EQ(r.counts.questions, 2);
  EXPECT_EQ(r.counts.callers, 1);
  EXPECT_EQ(r.counts.events, 1);
  for (const auto id : {before, after})
    EXPECT_EQ(text("SELECT sender_name || '|' || phone FROM questions WHERE id = ?", id), "|");
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE type != 'privacy.erased' AND payload GLOB '*Quynh*'"), 0);
}

}  // namespace
