#include <gtest/gtest.h>

#include <future>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/intake.hpp"
#include "core/desk/question_desk.hpp"
#include "core/store/event_log.hpp"
#include "core/store/question_table.hpp"
#include "core/store/show_table.hpp"
#include "desk_replies.hpp"
#include "temp_db.hpp"

using namespace votercast::core;
using namespace votercast::core::store;
using S = QuestionState;

namespace {

ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DomainError& e) {
    return e.kind;
  }
  ADD_FAILURE() << "no DomainError thrown";
  return ErrorKind::invalid_input;
}

struct DeskTest : ::testing::Test {
  TempDb tmp;
  std::vector<Event> events;
  std::mutex mutex;
  GroupCommitWriter writer{tmp.path, Durability::full, [this](std::vector<Event> batch) {
                             std::lock_guard lock(mutex);
                             for (auto& e : batch) events.push_back(std::move(e));
                           }};
  TicketCipher tickets{TicketCipher::random_key()};
  QuestionDesk desk{writer, tickets};

  Question submit(const std::string& text) {
    Submission s;
    s.text = text;
    s.name = "Nguyễn Thị Mai";
    return await<Question>([&](auto r) { desk.submit(prepare_question(s, now_ms()), "voter", r); });
  }
  Question move(const Question& q, S to, std::optional<std::int64_t> into = std::nullopt) {
    TransitionRequest r;
    r.id = q.id;
    r.to = to;
    r.version = q.version;
    r.actor = "bientap";
    r.into = into;
    if (to == S::forwarded) r.agency = "Sở Giao thông Vận tải";
    return await<Question>([&](auto reply) { desk.transition(r, reply); });
  }
  Show open(const std::string& title = "Đối thoại với cử tri số 12") {
    return await<Show>([&](auto r) { desk.open_show(title, "sanxuat", r); });
  }
};

}  // namespace

TEST_F(DeskTest, QuestionsSentWithoutAShowWaitForTheNextOne) {
  auto waiting = submit("Khi nào sửa đường ĐT743?");
  EXPECT_FALSE(waiting.show_id);
  const auto show = open();
  auto later = submit("Trường học quá tải");
  EXPECT_EQ(later.show_id, show.id);
  Database db(tmp.path, Database::Mode::read_only);
  EXPECT_EQ(load_question(db, waiting.id)->show_id, show.id);
  EXPECT_EQ(kind_of([&] { open("Số 13"); }), ErrorKind::conflict) << "only one show is open at a time";
}

TEST_F(DeskTest, FullLifecycleToAnswered) {
  open();
  auto q = submit("Khi nào sửa đường?");
  q = move(q, S::approved);
  q = move(q, S::queued);
  EXPECT_EQ(q.rundown_position, 1);
  q = move(q, S::on_air);
  q = move(q, S::aired);
  q = move(q, S::forwarded);
  EXPECT_EQ(q.agency, "Sở Giao thông Vận tải");
  EXPECT_EQ(kind_of([&] { move(q, S::answered); }), ErrorKind::invalid_input)
      << "an answer is recorded with its text, not as a bare transition";
  AnswerRequest answer;
  answer.id = q.id;
  answer.version = q.version;
  answer.actor = "sanxuat";
  answer.text = "Sở sẽ sửa đường trong quý I.";
  q = await<Question>([&](auto reply) { desk.answer(answer, reply); });
  EXPECT_EQ(q.state, S::answered);
  EXPECT_EQ(q.version, 7);
}

TEST_F(DeskTest, StaleVersionIsAConflictCarryingTheCurrentVersion) {
  auto q = submit("Khi nào sửa đường?");
  move(q, S::approved);
  try {
    move(q, S::rejected);  // q still says version 1
    FAIL() << "expected a conflict";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.kind, ErrorKind::conflict);
    EXPECT_EQ(e.current_version, 2);
    EXPECT_EQ(e.current_state, "approved");
    EXPECT_EQ(e.changed_by, "bientap");
  }
}

TEST_F(DeskTest, TransitionsOutsideTheTableAreRejected) {
  open();
  auto q = submit("Khi nào sửa đường?");
  EXPECT_EQ(kind_of([&] { move(q, S::on_air); }), ErrorKind::invalid_transition);
  EXPECT_EQ(kind_of([&] { move(q, S::answered); }), ErrorKind::invalid_transition);
  q = move(q, S::rejected);
  EXPECT_EQ(kind_of([&] { move(q, S::approved); }), ErrorKind::invalid_transition);
}

TEST_F(DeskTest, QueueingNeedsAnOpenShow) {
  auto q = move(submit("Khi nào sửa đường?"), S::approved);
  EXPECT_EQ(kind_of([&] { move(q, S::queued); }), ErrorKind::invalid_transition);
}

TEST_F(DeskTest, TakingAQuestionToAirRetiresTheOneOnAir) {
  open();
  auto a = move(move(submit("Câu hỏi A"), S::approved), S::queued);
  auto b = move(move(submit("Câu hỏi B"), S::approved), S::queued);
  a = move(a, S::on_air);
  b = move(b, S::on_air);
  Database db(tmp.path, Database::Mode::read_only);
  EXPECT_EQ(load_question(db, a.id)->state, S::aired);
  EXPECT_EQ(load_question(db, b.id)->state, S::on_air);
}

TEST_F(DeskTest, MergeCountsDuplicatesOnTheSurvivor) {
  auto keep = submit("Khi nào sửa đường ĐT743 đoạn qua Hòa Phú?");
  auto dup = submit("Xin hỏi khi nào đường ĐT743 đoạn qua Hòa Phú được sửa?");
  auto merged = await<Question>([&](auto r) { desk.merge(dup.id, keep.id, dup.version, "bientap", r); });
  EXPECT_EQ(merged.state, S::merged);
  EXPECT_EQ(merged.duplicate_of, keep.id);
  Database db(tmp.path, Database::Mode::read_only);
  EXPECT_EQ(load_question(db, keep.id)->duplicate_count, 1);
  EXPECT_EQ(kind_of([&] { await<Question>([&](auto r) { desk.merge(keep.id, keep.id, 2, "x", r); }); }),
            ErrorKind::invalid_input);
}

TEST_F(DeskTest, RundownReorderChecksItsVersionAndMembers) {
  auto show = open();
  auto a = move(move(submit("A"), S::approved), S::queued);
  auto b = move(move(submit("B"), S::approved), S::queued);
  Database db(tmp.path, Database::Mode::read_only);
  const auto version = store::open_show(db)->rundown_version;
  auto order = [](std::vector<std::int64_t> ids, std::int64_t v) { return RundownOrder{std::move(ids), v, "sanxuat"}; };
  auto reordered = await<Show>([&](auto r) { desk.reorder_rundown(order({b.id, a.id}, version), r); });
  EXPECT_EQ(reordered.rundown_version, version + 1);
  const auto rundown = rundown_questions(db, show.id);
  ASSERT_EQ(rundown.size(), 2u);
  EXPECT_EQ(rundown[0].id, b.id);
  EXPECT_EQ(kind_of([&] { await<Show>([&](auto r) { desk.reorder_rundown(order({a.id, b.id}, version), r); }); }),
            ErrorKind::conflict);
  EXPECT_EQ(kind_of([&] { await<Show>([&](auto r) { desk.reorder_rundown(order({a.id}, version + 1), r); }); }),
            ErrorKind::invalid_input);
}

TEST_F(DeskTest, EditChangesOnlyTheOnAirCopyAndIsAudited) {
  auto q = submit("Đồ ngu, khi nào sửa đường???");
  EditRequest e;
  e.id = q.id;
  e.version = q.version;
  e.actor = "bientap";
  e.on_air_text = "Khi nào sửa đường?";
  auto edited = await<Question>([&](auto r) { desk.edit(e, r); });
  EXPECT_EQ(edited.on_air_text, "Khi nào sửa đường?");
  EXPECT_EQ(edited.original_text, "Đồ ngu, khi nào sửa đường???");
  Database db(tmp.path, Database::Mode::read_only);
  const auto history = question_history(db, q.id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].actor, "bientap");
  EXPECT_EQ(to_json(history[1])["change"], "edit");
}

TEST_F(DeskTest, EveryChangeIsPublishedInSequence) {
  open();
  auto q = submit("Câu hỏi");
  move(q, S::approved);
  std::lock_guard lock(mutex);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, "show.opened");
  EXPECT_EQ(events[1].type, "question.created");
  EXPECT_EQ(events[2].type, "question.updated");
  EXPECT_LT(events[0].seq, events[1].seq);
  EXPECT_LT(events[1].seq, events[2].seq);
}

TEST_F(DeskTest, TicketsAreIssuedByTheCipherAndLeadBackToTheQuestion) {
  const auto a = submit("Khi nào sửa đường ĐT743?");
  const auto b = submit("Trường học quá tải");
  EXPECT_EQ(a.ticket, tickets.code_for(a.id));
  EXPECT_EQ(b.ticket, tickets.code_for(b.id));
  EXPECT_NE(a.ticket.substr(0, 4), b.ticket.substr(0, 4));
  Database db(tmp.path, Database::Mode::read_only);
  EXPECT_EQ(load_question_by_ticket(db, tickets, b.ticket)->original_text, "Trường học quá tải");
}

TEST_F(DeskTest, NearDuplicatesPointToTheNewestLiveQuestionOfTheSameShow) {
  const auto first = submit("Khi nào sửa đường ĐT743?");
  EXPECT_FALSE(first.similar_to);
  const auto second = submit("khi nao sua duong DT743");
  EXPECT_EQ(second.similar_to, first.id);
  EXPECT_FALSE(submit("Trường học quá tải").similar_to);
  move(second, S::rejected);
  EXPECT_EQ(submit("Khi nào sửa đường ĐT743 ?").similar_to, first.id) << "a rejected question is no match";
  open();  // the waiting questions join the show, so they still count
  const auto in_show = submit("KHI NÀO SỬA ĐƯỜNG ĐT743");
  ASSERT_TRUE(in_show.similar_to);
  EXPECT_GT(*in_show.similar_to, first.id);
  // A new server (a new index) finds the same from the store.
  TicketCipher same_key = tickets;
  QuestionDesk fresh{writer, same_key};
  Submission s;
  s.text = "khi nào sửa đường đt743";
  const auto again = await<Question>([&](auto r) { fresh.submit(prepare_question(s, now_ms()), "voter", r); });
  EXPECT_EQ(again.similar_to, in_show.id);
}
