// Retention of the event log on a real database file: a closed show's old events lose what
// only a live console read, while its report, each question's history, an open show, a
// question waiting for a show, young events and the newest events read exactly as before;
// a large backlog goes in many small writer jobs.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/desk/call_desk.hpp"
#include "core/desk/poll_desk.hpp"
#include "core/desk/question_desk.hpp"
#include "core/desk/retention_desk.hpp"
#include "core/format/show_report_format.hpp"
#include "core/intake.hpp"
#include "core/store/event_log.hpp"
#include "core/store/event_retention.hpp"
#include "core/store/report_queries.hpp"
#include "core/store/sms_outbox_table.hpp"
#include "desk_replies.hpp"
#include "temp_db.hpp"

using namespace votercast::core;
using namespace votercast::core::store;
using S = QuestionState;

namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;

struct EventRetentionTest : ::testing::Test {
  TempDb tmp;
  GroupCommitWriter writer{tmp.path, Durability::normal};
  TicketCipher tickets{TicketCipher::random_key()};
  QuestionDesk desk{writer, tickets};
  CallDesk calls{writer};
  PollDesk polls{writer, RevoteRule::last};
  Database reader{tmp.path, Database::Mode::read_only};

  Question submit(const std::string& text, const std::string& actor = "voter") {
    Submission s;
    s.channel = actor == "voter" ? Channel::web : Channel::sms;
    s.text = text;
    s.name = "Nguyễn Thị Mai";
    s.phone = "0912345678";
    return await<Question>([&](auto r) { desk.submit(prepare_question(s, now_ms()), actor, r); });
  }
  Question move(const Question& q, S to) {
    TransitionRequest r;
    r.id = q.id;
    r.to = to;
    r.version = q.version;
    r.actor = "bientap";
    if (to == S::forwarded) r.agency = "Sở Giao thông Vận tải";
    return await<Question>([&](auto reply) { desk.transition(r, reply); });
  }
  Show open(const std::string& title) { return await<Show>([&](auto r) { desk.open_show(title, "sanxuat", r); }); }
  Show close() { return await<Show>([&](auto r) { desk.close_show("sanxuat", r); }); }

  // As if the show had run, and everything up to `upto` had happened, `days` ago.
  void age(std::int64_t show_id, std::int64_t upto, std::int64_t days) {
    writer.run([&](WriteContext& ctx) {
      ctx.db()
          .prepare("UPDATE shows SET opened_at = opened_at - ?1, closed_at = closed_at - ?1 WHERE id = ?2")
          .bind(1, days * kDay)
          .bind(2, show_id)
          .run();
      ctx.db().prepare("UPDATE events SET at = at - ? WHERE seq <= ?").bind(1, days * kDay).bind(2, upto).run();
    });
  }

  // Steps through one whole pass the way the writer would, at `now`.
  PrunePass prune(const EventRetention& r, std::int64_t now) {
    PrunePass pass;
    std::int64_t after = 0;
    for (;;) {
      PruneStep step;
      writer.run([&](WriteContext& ctx) { step = prune_events_step(ctx.db(), r, now, after); });
      EXPECT_LE(step.examined, r.chunk);
      ++pass.jobs;
      pass.examined += step.examined;
      pass.deleted += step.deleted;
      pass.compacted += step.compacted;
      if (step.done) return pass;
      after = step.examined_upto;
    }
  }

  std::int64_t count(const std::string& where) {  // test-only SQL, from literals
    return reader.prepare("SELECT count(*) FROM events WHERE " + where).scalar_int64();
  }
  nlohmann::json report(std::int64_t show_id, std::int64_t now) {
    return report_json(*build_show_report(reader, show_id, now));
  }
  // What GET /api/questions/{id} shows as the question's history.
  nlohmann::json history(std::int64_t id) {
    auto out = nlohmann::json::array();
    for (const auto& e : question_history(reader, id)) {
      auto entry = to_json(e);
      entry.erase("question");
      out.push_back(entry);
    }
    return out;
  }
};

TEST_F(EventRetentionTest, AnOldClosedShowKeepsItsReportAndHistoriesAndLosesTheRest) {
  const auto old_show = open("Đối thoại với cử tri số 11");
  auto aired = submit("Khi nào sửa đường ĐT743?");
  auto rejected = submit("Hỏi linh tinh");
  auto dup = submit("Đường ĐT743 bao giờ sửa?");
  auto forwarded = submit("Trường tiểu học thiếu phòng học");
  const auto by_sms = submit("Giá điện tăng cao quá", "sms:kannel");
  aired = move(move(move(aired, S::approved), S::queued), S::on_air);
  move(rejected, S::rejected);
  await<Question>([&](auto r) { desk.merge(dup.id, aired.id, dup.version, "bientap", r); });
  forwarded = move(move(forwarded, S::approved), S::forwarded);
  CallerFields f;
  f.name = "Lê Văn Tám";
  f.phone = "0987654321";
  auto caller = await<Caller>([&](auto r) { calls.log_call(f, "trucdt", r); });
  await<CallerMove>([&](auto r) { calls.transition({caller.id, CallerState::screened, caller.version, "trucdt", false, true}, r); });
  auto poll = await<Poll>([&](auto r) { polls.create({"Bạn có hài lòng?", {{"A", "Có"}, {"B", "Không"}}, {}}, "sanxuat", r); });
  poll = await<Poll>([&](auto r) { polls.open(poll.id, poll.version, "sanxuat", r); });
  await<VoteResult>([&](auto r) { polls.vote({poll.id, "web:1", "A", "web"}, r); });
  close();
  const auto old_last = last_event_seq(reader);

  open("Đối thoại với cử tri số 12");  // this week's, still open
  move(submit("Bệnh viện quá tải"), S::approved);
  age(old_show.id, old_last, 100);
  // The agency answers today, months after the show: young, so left whole.
  AnswerRequest answer{forwarded.id, forwarded.version, "sogtvt", std::nullopt, "Năm 2027 xây thêm 8 phòng."};
  await<Question>([&](auto r) { desk.answer(answer, r); });

  const auto now = now_ms();
  const auto report_before = report(old_show.id, now);
  std::vector<nlohmann::json> histories_before;
  for (auto id : {aired.id, rejected.id, dup.id, forwarded.id}) histories_before.push_back(history(id));
  const auto newer_before = events_after(reader, old_last, 1000);
  const auto question_events = count("question_id IS NOT NULL AND seq <= " + std::to_string(old_last));
  // A new question's event is logged without its copy (the row holds it): the others carry one.
  const auto with_copy = count("question_id IS NOT NULL AND type != 'question.created' AND seq <= " + std::to_string(old_last));
  ASSERT_GT(count("(type GLOB 'caller.*' OR type GLOB 'poll.*') AND seq <= " + std::to_string(old_last)), 0);
  ASSERT_EQ(count("json_type(payload, '$.question') IS NOT NULL AND seq <= " + std::to_string(old_last)), with_copy);
  ASSERT_EQ(report_before["questions"]["approved"], 2);

  const auto pass = prune({90 * kDay, 0, 1000}, now);

  EXPECT_EQ(count("(type GLOB 'caller.*' OR type GLOB 'poll.*') AND seq <= " + std::to_string(old_last)), 0)
      << "only a live console reads these; the tables keep the figures";
  EXPECT_EQ(count("question_id IS NOT NULL AND seq <= " + std::to_string(old_last)), question_events)
      << "the audit trail keeps every step";
  EXPECT_EQ(count("json_type(payload, '$.question') IS NOT NULL AND seq <= " + std::to_string(old_last)), 0)
      << "without their copy of the question";
  EXPECT_EQ(pass.compacted, with_copy);
  EXPECT_EQ(count("type GLOB 'show.*' AND seq <= " + std::to_string(old_last)), 2) << "who opened and closed it";
  EXPECT_EQ(report(old_show.id, now), report_before) << "the report counts the same";
  for (std::size_t i = 0; const auto id : {aired.id, rejected.id, dup.id, forwarded.id})
    EXPECT_EQ(history(id), histories_before[i++]) << "question " << id;
  const auto newer_after = events_after(reader, old_last, 1000);
  ASSERT_EQ(newer_after.size(), newer_before.size()) << "the open show's events and today's answer stay";
  for (std::size_t i = 0; i < newer_after.size(); ++i) {
    EXPECT_EQ(newer_after[i].seq, newer_before[i].seq);
    EXPECT_EQ(newer_after[i].payload, newer_before[i].payload) << "untouched, question copy and all";
  }
  EXPECT_EQ(sms_gateway_of_question(reader, by_sms.id), "kannel") << "the answer SMS goes back the way it came";

  // A second pass finds nothing more to do.
  const auto again = prune({90 * kDay, 0, 1000}, now);
  EXPECT_EQ(again.deleted + again.compacted, 0);
}

TEST_F(EventRetentionTest, WaitsForYoungShowsYoungEventsAndQuestionsWithoutAShow) {
  const auto show = open("Số 11");
  const auto q = move(submit("Khi nào sửa đường?"), S::approved);
  close();
  // No show open: it waits for the next. Rejected, so that an event of it carries its copy.
  const auto waiting = move(submit("Gửi khi chưa có chương trình"), S::rejected);
  const auto last = last_event_seq(reader);
  age(show.id, last, 10);  // closed ten days ago, everything else too

  auto pass = prune({30 * kDay, 0, 1000}, now_ms());
  EXPECT_EQ(pass.deleted + pass.compacted, 0) << "closed for less than the age";
  PruneStep step;
  writer.run([&](WriteContext& ctx) { step = prune_events_step(ctx.db(), {30 * kDay, 0, 1000}, now_ms(), 0); });
  ASSERT_TRUE(step.first_waiting) << "the next pass must look at the young show again";
  EXPECT_EQ(*step.first_waiting,
            reader.prepare("SELECT min(seq) FROM events WHERE question_id IS NOT NULL").scalar_int64());

  pass = prune({5 * kDay, 0, 1000}, now_ms());
  EXPECT_GT(pass.compacted, 0);
  EXPECT_EQ(count("json_type(payload, '$.question') IS NOT NULL AND question_id = " + std::to_string(q.id)), 0);
  EXPECT_EQ(count("json_type(payload, '$.question') IS NOT NULL AND question_id = " + std::to_string(waiting.id)), 1)
      << "a question waiting for a show belongs to no closed show";
}

TEST_F(EventRetentionTest, TheNewestEventsAreNeverTouched) {
  const auto show = open("Số 11");
  constexpr int kEvents = 3000, kKeep = 1000;
  writer.run([&](WriteContext& ctx) {
    for (int i = 0; i < kEvents; ++i)
      ctx.emit("caller.updated", "trucdt", std::nullopt,
               R"({"change":"edit","caller":{"id":1,"show_id":)" + std::to_string(show.id) + "}}");
  });
  close();
  const auto last = last_event_seq(reader);
  age(show.id, last, 100);

  const auto pass = prune({90 * kDay, kKeep, 400}, now_ms());
  EXPECT_EQ(last_event_seq(reader), last);
  EXPECT_EQ(count("seq > " + std::to_string(last - kKeep)), kKeep) << "a console replayed from here misses nothing";
  EXPECT_EQ(count("seq <= " + std::to_string(last - kKeep) + " AND type = 'caller.updated'"), 0);
  EXPECT_EQ(pass.deleted, kEvents - (kKeep - 1));  // the last kKeep: 999 callers and show.closed
  const auto replay = events_after(reader, last - kKeep, 5000);
  ASSERT_EQ(replay.size(), static_cast<std::size_t>(kKeep));
  for (std::size_t i = 0; i < replay.size(); ++i) EXPECT_EQ(replay[i].seq, last - kKeep + 1 + static_cast<std::int64_t>(i));
}

TEST_F(EventRetentionTest, ALargeBacklogGoesInManySmallJobs) {
  const auto show = open("Số 11");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(move(submit("Câu hỏi số " + std::to_string(i)), S::approved).id);
  // A third each: callers, polls, and edits of the questions carrying a copy of about 1 KB.
  constexpr int kEvents = 12000, kChunk = EventRetention{}.chunk;
  const std::string copy_text(1000, 'x');
  writer.run([&](WriteContext& ctx) {
    for (int i = 0; i < kEvents; ++i) {
      const auto show_id = std::to_string(show.id);
      if (i % 3 == 0)
        ctx.emit("caller.updated", "trucdt", std::nullopt, R"({"caller":{"show_id":)" + show_id + "}}");
      else if (i % 3 == 1)
        ctx.emit("poll.updated", "sanxuat", std::nullopt, R"({"poll":{"show_id":)" + show_id + "}}");
      else
        ctx.emit("question.updated", "bientap", ids[i % ids.size()],
                 R"({"change":"edit","question":{"show_id":)" + show_id + R"(,"on_air_text":")" + copy_text + R"("}})");
    }
  });
  close();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // older than an age of 0 ms

  // The slowest step, on this machine, for the record.
  {
    TempDb copy_dir;
    reader.prepare("VACUUM INTO ?").bind(1, copy_dir.path).run();
    GroupCommitWriter copy{copy_dir.path, Durability::full};
    std::int64_t after = 0;
    double slowest_ms = 0;
    for (bool done = false; !done;) {
      copy.run([&](WriteContext& ctx) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto step = prune_events_step(ctx.db(), {0, 0, kChunk}, ctx.now_ms(), after);
        slowest_ms = std::max(slowest_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        after = step.examined_upto;
        done = step.done;
      });
    }
    std::cout << "[ retention ] slowest step of " << kChunk << " events (the commit apart): " << slowest_ms << " ms\n";
  }

  RetentionDesk retention(writer, {0, 0, kChunk});
  std::promise<PrunePass> finished;
  ASSERT_TRUE(retention.prune([&](std::exception_ptr e, PrunePass p) {
    if (e) finished.set_exception(e);
    else finished.set_value(p);
  }));
  EXPECT_FALSE(retention.prune()) << "one pass at a time";
  // Live work queued meanwhile is not held up behind the whole backlog.
  const auto live = submit("Gửi trong lúc dọn dẹp");
  EXPECT_TRUE(live.id > 0);
  const auto pass = finished.get_future().get();
  EXPECT_EQ(pass.deleted, 2 * kEvents / 3);
  EXPECT_EQ(pass.compacted, kEvents / 3 + 20) << "the edits, and 20 questions approved (created: no copy to drop)";
  EXPECT_GE(pass.jobs, (kEvents + 40) / kChunk);
  EXPECT_EQ(count("type GLOB 'caller.*' OR type GLOB 'poll.*'"), 0);

  // What was settled is not looked at again; the rest is.
  std::promise<PrunePass> second;
  ASSERT_TRUE(retention.prune([&](std::exception_ptr, PrunePass p) { second.set_value(p); }));
  const auto again = second.get_future().get();
  EXPECT_EQ(again.deleted + again.compacted, 0);
  EXPECT_EQ(again.examined, 1) << "only the question still waiting for a show is looked at again";
}

}  // namespace
