// The outbox table: once per question and purpose, due order, one attempt's record, and
// the gateway a question came through.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/intake.hpp"
#include "core/sms/idempotency.hpp"
#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "core/store/question_table.hpp"
#include "core/store/sms_message_table.hpp"
#include "core/store/sms_outbox_table.hpp"
#include "temp_db.hpp"

using namespace votercast::core;
using namespace votercast::core::store;

namespace {

struct OutboxStore : ::testing::Test {
  TempDb tmp;
  Database db{tmp.path};
  void SetUp() override { migrate(db); }

  std::int64_t sms_question(std::int64_t answered_at_ms) {
    Submission s;
    s.channel = Channel::sms;
    s.phone = "+84912345678";
    s.text = "Khi nào sửa đường?";
    auto q = prepare_question(s, now_ms());
    q.ticket = "T" + std::to_string(++tickets_);
    insert_question(db, q);
    q.state = QuestionState::answered;
    q.answered_at_ms = answered_at_ms;
    EXPECT_TRUE(update_question(db, q, q.version));
    return q.id;
  }

  sms::OutboxMessage message(std::int64_t question_id, std::int64_t due_ms) {
    sms::OutboxMessage m;
    m.question_id = question_id;
    m.purpose = sms::outbox_purpose::answered;
    m.gateway = "twilio";
    m.to = "+84912345678";
    m.text = "Cau hoi da co tra loi";
    m.next_attempt_at_ms = due_ms;
    m.created_at_ms = due_ms;
    return m;
  }

  int tickets_ = 0;
};

}  // namespace

TEST_F(OutboxStore, OneRowPerQuestionAndPurpose) {
  const auto id = sms_question(1000);
  EXPECT_TRUE(enqueue_outbox(db, message(id, 10)));
  auto again = message(id, 20);
  again.text = "another text";
  EXPECT_FALSE(enqueue_outbox(db, again));
  const auto row = load_outbox(db, id, sms::outbox_purpose::answered);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text, "Cau hoi da co tra loi");
  EXPECT_EQ(row->state, sms::OutboxState::pending);
  EXPECT_EQ(row->attempts, 0);
  EXPECT_FALSE(row->sent_at_ms);
  EXPECT_EQ(count_outbox(db), (std::map<std::string, std::int64_t>{{"pending", 1}}));
}

TEST_F(OutboxStore, DueInOrderAndAttemptsRecorded) {
  const auto a = sms_question(1000), b = sms_question(1000), c = sms_question(1000);
  enqueue_outbox(db, message(a, 300));
  enqueue_outbox(db, message(b, 100));
  enqueue_outbox(db, message(c, 900));
  auto due = due_outbox(db, 500, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].question_id, b);
  EXPECT_EQ(due[1].question_id, a);

  sms::AttemptRecord retry{sms::OutboxState::pending, 1, 1000, "HTTP 503: busy", "", std::nullopt};
  EXPECT_TRUE(record_outbox_attempt(db, due[0].id, retry));
  sms::AttemptRecord sent{sms::OutboxState::sent, 1, 300, "", "SM1", 600};
  EXPECT_TRUE(record_outbox_attempt(db, due[1].id, sent));
  EXPECT_FALSE(record_outbox_attempt(db, due[1].id, retry)) << "a sent message stays sent";
  due = due_outbox(db, 500, 10);
  EXPECT_TRUE(due.empty());
  due = due_outbox(db, 1000, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].question_id, c);
  EXPECT_EQ(due[1].question_id, b);
  EXPECT_EQ(due[1].last_error, "HTTP 503: busy");

  const auto sent_rows = list_outbox(db, sms::OutboxState::sent, 10);
  ASSERT_EQ(sent_rows.size(), 1u);
  EXPECT_EQ(sent_rows[0].gateway_message_id, "SM1");
  EXPECT_EQ(sent_rows[0].sent_at_ms, 600);
  EXPECT_EQ(list_outbox(db, std::nullopt, 10).size(), 3u);
  EXPECT_EQ(count_outbox(db), (std::map<std::string, std::int64_t>{{"pending", 2}, {"sent", 1}}));
}

TEST_F(OutboxStore, TheGatewayOfAQuestion) {
  const auto kept = sms_question(1000), forgotten = sms_question(1000), neither = sms_question(1000);
  insert_processed_sms(db, {"jasmin:42", kept, "reply", 1}, "jasmin");
  // Its message record forgotten: the event that created it still names the gateway.
  db.prepare("INSERT INTO events(at, actor, type, question_id, payload) VALUES (1, 'sms:shortcode', "
             "'question.created', ?, '{}')")
      .bind(1, forgotten)
      .run();
  EXPECT_EQ(sms_gateway_of_question(db, kept), "jasmin");
  EXPECT_EQ(sms_gateway_of_question(db, forgotten), "shortcode");
  EXPECT_FALSE(sms_gateway_of_question(db, neither));
}

TEST_F(OutboxStore, AnsweredSmsQuestionsWithoutARow) {
  const auto old = sms_question(1000), recent = sms_question(5000), done = sms_question(5000);
  enqueue_outbox(db, message(done, 1));
  EXPECT_EQ(answered_sms_questions_without_outbox(db, 2000, sms::outbox_purpose::answered, 100),
            std::vector<std::int64_t>{recent});
  EXPECT_EQ(answered_sms_questions_without_outbox(db, 0, sms::outbox_purpose::answered, 100),
            (std::vector<std::int64_t>{old, recent}));
}
