// The counts of a show's questions per state stay exact through every way a question is
// stored, moved and attached, and a database from before the counts gets them right.
#include <gtest/gtest.h>

#include <random>

#include "core/store/migrations.hpp"
#include "core/store/question_counts.hpp"
#include "core/store/question_table.hpp"
#include "older_schema.hpp"
#include "temp_db.hpp"

namespace votercast::core::store {
namespace {

// What counting every row says, for comparison.
StateCounts counted_the_slow_way(Database& db, std::optional<std::int64_t> show_id) {
  StateCounts out;
  for (std::size_t i = 0; i < kQuestionStates.size(); ++i) {
    out.by_state[i] = db.prepare("SELECT count(*) FROM questions WHERE show_id IS ? AND state = ?")
                          .bind(1, show_id)
                          .bind(2, to_string(kQuestionStates[i]))
                          .scalar_int64();
    out.total += out.by_state[i];
  }
  return out;
}

void expect_same(const StateCounts& kept, const StateCounts& counted, const std::string& where) {
  EXPECT_EQ(kept.by_state, counted.by_state) << where;
  EXPECT_EQ(kept.total, counted.total) << where;
}

Question question(std::optional<std::int64_t> show_id, QuestionState state, int n) {
  Question q;
  q.show_id = show_id;
  q.state = state;
  q.ticket = "T" + std::to_string(n);
  q.original_text = q.on_air_text = "Câu hỏi số " + std::to_string(n) + " về đường ĐT743";
  q.updated_by = "test";
  return q;
}

TEST(QuestionCounts, StayExactThroughInsertsMovesAndAttachments) {
  TempDb tmp;
  Database db(tmp.path);
  // Thousands of single-statement writes: this checks counts, not durability, and a file
  // sync after each made the test as slow as the disk was busy (6 to 90 s in CI).
  db.prepare("PRAGMA synchronous = OFF").run();
  migrate(db);
  // Show 1 is over, show 2 on air.
  db.prepare("INSERT INTO shows(id, title, opened_at, opened_by, closed_at) VALUES (1, 'Kỳ họp 1', 1, 'test', 2)").run();
  db.prepare("INSERT INTO shows(id, title, opened_at, opened_by) VALUES (2, 'Kỳ họp 2', 3, 'test')").run();
  std::mt19937 random(20261202);
  std::vector<Question> stored;
  auto any_show = [&]() -> std::optional<std::int64_t> {
    const int pick = static_cast<int>(random() % 3);
    return pick == 0 ? std::nullopt : std::optional<std::int64_t>(pick);
  };
  auto any_state = [&] { return kQuestionStates[random() % kQuestionStates.size()]; };
  for (int step = 0; step < 3000; ++step) {
    if (stored.size() < 50 || random() % 3 == 0) {
      auto q = question(any_show(), any_state(), step);
      insert_question(db, q);
      stored.push_back(q);
    } else {
      auto& q = stored[random() % stored.size()];
      q.state = any_state();
      if (random() % 4 == 0) q.show_id = any_show();
      ASSERT_TRUE(update_question(db, q, q.version));
    }
    if (step == 1500) {  // a show opens: the pending questions waiting for one join it
      EXPECT_GT(attach_waiting_questions(db, 2), 0);
      for (auto& q : stored) q = *load_question(db, q.id);
    }
  }
  for (const auto show : {std::optional<std::int64_t>(), std::optional<std::int64_t>(1), std::optional<std::int64_t>(2)})
    expect_same(count_by_state(db, show), counted_the_slow_way(db, show), show ? "show " + std::to_string(*show) : "waiting");
  EXPECT_EQ(count_by_state(db, 3).total, 0) << "a show without questions";
}

TEST(QuestionCounts, ADatabaseFromBeforeTheCountsGetsThemAtTheMigration) {
  TempDb tmp;
  const auto& all = schema_migrations();
  {
    Database db(tmp.path);
    ASSERT_EQ(migrate_up_to(db, 10), 10);
    db.prepare("INSERT INTO shows(id, title, opened_at, opened_by) VALUES (1, 'Kỳ họp', 1, 'test')").run();
    // Rows as version 10 wrote them (today's insert_question also indexes them for search).
    for (int i = 0; i < 7; ++i)
      db.prepare("INSERT INTO questions(ticket, channel, show_id, sender_name, phone, area, topic, agency, "
                 "original_text, on_air_text, state, version, flag_profanity, flag_spam, flag_too_long, fold_key, "
                 "near_key, created_at, updated_at, updated_by) VALUES (?, 'web', ?, '', '', '', '', '', 'Câu hỏi', "
                 "'Câu hỏi', ?, 1, 0, 0, 0, 'cau hoi', '', 1, 1, 'voter')")
          .bind(1, "T" + std::to_string(i))
          .bind(2, i < 5 ? std::optional<std::int64_t>(1) : std::nullopt)
          .bind(3, i < 3 ? "approved" : "pending")
          .run();
  }
  Database db(tmp.path);
  EXPECT_EQ(migrate(db), all.back().version);
  const auto show = count_by_state(db, 1);
  EXPECT_EQ(show.total, 5);
  EXPECT_EQ(show.of(QuestionState::approved), 3);
  EXPECT_EQ(show.of(QuestionState::pending), 2);
  EXPECT_EQ(count_by_state(db, std::nullopt).of(QuestionState::pending), 2);
}

}  // namespace
}  // namespace votercast::core::store
