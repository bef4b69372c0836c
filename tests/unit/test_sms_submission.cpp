// QuestionDesk::submit_sms: one SMS, one writer job, processed once per idempotency key.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "core/clock.hpp"
#include "core/intake.hpp"
#include "core/desk/question_desk.hpp"
#include "core/store/question_table.hpp"
#include "core/store/sms_message_table.hpp"
#include "temp_db.hpp"

using namespace votercast::core;
using namespace votercast::core::store;

namespace {

struct SmsSubmissionTest : ::testing::Test {
  TempDb tmp;
  GroupCommitWriter writer{tmp.path, Durability::normal};
  TicketCipher tickets{TicketCipher::random_key()};
  QuestionDesk desk{writer, tickets};
  std::atomic<int> refusals_asked{0};

  sms::SmsSubmission question(const std::string& key, const std::string& text) {
    Submission s;
    s.channel = Channel::sms;
    s.phone = "+84912000111";
    s.text = text;
    sms::SmsSubmission out;
    out.key = key;
    out.gateway = "kannel";
    out.question = prepare_question(s, now_ms());
    out.refuse = [this]() -> std::optional<std::string> {
      ++refusals_asked;
      return std::nullopt;
    };
    out.acknowledge = [](const Question& q) { return "Ma cau hoi: " + q.ticket; };
    return out;
  }

  sms::SmsOutcome submit(sms::SmsSubmission s) {
    std::promise<sms::SmsOutcome> promise;
    desk.submit_sms(std::move(s), "sms:kannel", [&](std::exception_ptr e, sms::SmsOutcome out) {
      if (e)
        promise.set_exception(e);
      else
        promise.set_value(std::move(out));
    });
    return promise.get_future().get();
  }

  std::int64_t count(const std::string& sql) {
    Database db(tmp.path, Database::Mode::read_only);
    return db.prepare(sql).scalar_int64();
  }
};

}  // namespace

TEST_F(SmsSubmissionTest, AQuestionIsStoredWithItsKeyAndARepeatGetsTheStoredOutcome) {
  const auto first = submit(question("kannel:m1", "Khi nào sửa đường ĐT743?"));
  ASSERT_TRUE(first.question_id);
  EXPECT_FALSE(first.repeated);
  Database db(tmp.path, Database::Mode::read_only);
  const auto q = load_question(db, *first.question_id);
  ASSERT_TRUE(q);
  EXPECT_EQ(first.reply, "Ma cau hoi: " + q->ticket);
  EXPECT_EQ(q->channel, Channel::sms);
  EXPECT_EQ(q->phone, "+84912000111");
  EXPECT_EQ(q->updated_by, "sms:kannel");

  const auto again = submit(question("kannel:m1", "Khi nào sửa đường ĐT743?"));
  EXPECT_TRUE(again.repeated);
  EXPECT_EQ(again.question_id, first.question_id);
  EXPECT_EQ(again.reply, first.reply);
  EXPECT_EQ(refusals_asked, 1) << "a repeat is not a new message: nothing is decided about it again";
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sms_messages"), 1);
  const auto stored = load_processed_sms(db, "kannel:m1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->question_id, first.question_id);
  EXPECT_EQ(stored->reply_text, first.reply);
}

TEST_F(SmsSubmissionTest, ARefusalIsRecordedAndRepeatedWithoutAQuestion) {
  auto s = question("twilio:SM1", "Câu hỏi khi đang tạm ngừng");
  s.refuse = [] { return std::optional<std::string>("Tam ngung"); };
  const auto refused = submit(std::move(s));
  EXPECT_FALSE(refused.question_id);
  EXPECT_EQ(refused.reply, "Tam ngung");
  // Delivered again once intake is open: still the answer it had.
  const auto again = submit(question("twilio:SM1", "Câu hỏi khi đang tạm ngừng"));
  EXPECT_TRUE(again.repeated);
  EXPECT_EQ(again.reply, "Tam ngung");
  EXPECT_FALSE(again.question_id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), 0);
}

TEST_F(SmsSubmissionTest, AMessageWithoutAQuestionKeepsItsReply) {
  sms::SmsSubmission help;
  help.key = "shortcode:R1";
  help.gateway = "shortcode";
  help.reply = "Soan DT <cau hoi>";
  const auto out = submit(help);
  EXPECT_FALSE(out.question_id);
  EXPECT_EQ(out.reply, "Soan DT <cau hoi>");
  EXPECT_TRUE(submit(help).repeated);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sms_messages WHERE gateway = 'shortcode' AND question_id IS NULL"), 1);
}

TEST_F(SmsSubmissionTest, OldMessageIdsAreForgottenAndTheirQuestionsKept) {
  const auto stored = submit(question("kannel:old", "Khi nào sửa đường?"));
  ASSERT_TRUE(stored.question_id);
  int forgotten = -1;
  writer.run([&](WriteContext& ctx) {
    ctx.db().prepare("UPDATE sms_messages SET received_at = received_at - 40 * 86400000").run();
    insert_processed_sms(ctx.db(), {"kannel:fresh", std::nullopt, "", now_ms()}, "kannel");
    forgotten = forget_processed_sms(ctx.db(), now_ms() - 30LL * 86400000);
  });
  EXPECT_EQ(forgotten, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sms_messages"), 1) << "the fresh one stays";
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), 1) << "forgetting the id keeps the question";
}

TEST_F(SmsSubmissionTest, AFailureKeepsNeitherTheQuestionNorTheKey) {
  auto s = question("jasmin:j1", "Câu hỏi không được lưu");
  s.acknowledge = [](const Question&) -> std::string { throw std::runtime_error("reply failed"); };
  EXPECT_THROW(submit(std::move(s)), std::runtime_error);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sms_messages"), 0);
  // The gateway's next delivery is taken as new.
  const auto later = submit(question("jasmin:j1", "Câu hỏi không được lưu"));
  EXPECT_FALSE(later.repeated);
  EXPECT_TRUE(later.question_id);
}

TEST_F(SmsSubmissionTest, ConcurrentDeliveriesOfOneMessageStoreOneQuestion) {
  std::vector<std::future<sms::SmsOutcome>> outcomes;
  for (int i = 0; i < 16; ++i)
    outcomes.push_back(std::async(std::launch::async, [this] { return submit(question("kannel:same", "Một câu")); }));
  std::set<std::string> replies;
  int firsts = 0;
  for (auto& f : outcomes) {
    const auto out = f.get();
    replies.insert(out.reply);
    firsts += !out.repeated;
  }
  EXPECT_EQ(replies.size(), 1u);
  EXPECT_EQ(firsts, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM questions"), 1);
}
