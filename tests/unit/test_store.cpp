#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/intake.hpp"
#include "core/store/event_log.hpp"
#include "core/store/group_commit_writer.hpp"
#include "core/store/migrations.hpp"
#include "core/store/question_table.hpp"
#include "core/store/secret_table.hpp"
#include "core/store/user_table.hpp"
#include "older_schema.hpp"
#include "temp_db.hpp"

using namespace votercast::core;
using namespace votercast::core::store;

namespace {

Question sample(const std::string& text) {
  Submission s;
  s.name = "Trần Hữu Quynh";
  s.phone = "0912345678";
  s.area = "Phường Hòa Phú";
  s.topic = "giao thông";
  s.text = text;
  return prepare_question(s, now_ms());
}

}  // namespace

TEST(Migrations, FreshDatabaseReachesNewestVersionAndReopenIsANoOp) {
  TempDb tmp;
  const int newest = schema_migrations().back().version;
  {
    Database db(tmp.path);
    EXPECT_EQ(migrate(db), newest);
  }
  Database db(tmp.path);
  EXPECT_EQ(schema_version(db), newest);
  EXPECT_EQ(migrate(db), newest);
}

TEST(Migrations, UpgradesAnOlderFileStepByStep) {
  TempDb tmp;
  const auto& all = schema_migrations();
  {
    Database db(tmp.path);
    EXPECT_EQ(migrate_up_to(db, 1), 1);
  }
  Database db(tmp.path);
  EXPECT_EQ(migrate(db), all.back().version);
  db.prepare("SELECT COUNT(*) FROM sessions").step();  // table from a later migration exists
}

TEST(Migrations, RefusesAFileFromANewerVotercast) {
  TempDb tmp;
  Database db(tmp.path);
  db.exec("PRAGMA user_version = 999");
  EXPECT_THROW(migrate(db), DatabaseError);
}

TEST(Migrations, AGapOrARepeatInTheListIsRefusedBeforeAnythingRuns) {
  TempDb tmp;
  Database db(tmp.path);
  EXPECT_THROW(migrate(db, {{1, "CREATE TABLE a(x)"}, {3, "CREATE TABLE c(x)"}}), DatabaseError);
  EXPECT_THROW(migrate(db, {{1, "CREATE TABLE a(x)"}, {1, "CREATE TABLE b(x)"}}), DatabaseError);
  EXPECT_EQ(schema_version(db), 0);
  EXPECT_EQ(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'a'").scalar_int64(), 0);
  const auto& all = schema_migrations();
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].version, static_cast<int>(i + 1));
}

TEST(Migrations, AFailingMigrationLeavesTheVersionUntouched) {
  TempDb tmp;
  Database db(tmp.path);
  EXPECT_THROW(migrate(db, {{1, "CREATE TABLE a(x); CREATE TABLE broken syntax here"}}), DatabaseError);
  EXPECT_EQ(schema_version(db), 0);
  auto& s = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'a'");
  s.step();
  EXPECT_EQ(s.int64(0), 0);
  s.reset();
}

TEST(Store, QuestionSurvivesReopenVerbatim) {
  TempDb tmp;
  const std::string tricky = "'); DROP TABLE questions; -- <script>alert(1)</script> Đường ĐT743?";
  std::int64_t id = 0;
  {
    GroupCommitWriter writer(tmp.path, Durability::full);
    writer.run([&](WriteContext& ctx) {
      const TicketCipher tickets(ensure_ticket_key(ctx.db()));
      auto q = sample(tricky);
      q.id = next_question_id(ctx.db());
      q.ticket = tickets.code_for(q.id);
      insert_question(ctx.db(), q);
      id = q.id;
    });
  }
  Database db(tmp.path, Database::Mode::read_only);
  const TicketCipher tickets(load_ticket_key(db));
  const auto q = load_question(db, id);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->original_text, tricky);
  EXPECT_EQ(q->phone, "+84912345678");
  EXPECT_EQ(q->state, QuestionState::pending);
  EXPECT_EQ(load_question_by_ticket(db, tickets, q->ticket)->id, id);
  EXPECT_EQ(load_question_by_ticket(db, tickets, tickets.code_for(id + 1)), std::nullopt);
}

TEST(Store, TheTicketKeyIsMadeOnceAndKeptWithTheFile) {
  TempDb tmp;
  TicketCipher::Key first{}, again{};
  {
    GroupCommitWriter writer(tmp.path, Durability::full);
    writer.run([&](WriteContext& ctx) { first = ensure_ticket_key(ctx.db()); });
    writer.run([&](WriteContext& ctx) { again = ensure_ticket_key(ctx.db()); });
  }
  EXPECT_EQ(first, again);
  EXPECT_NE(first, TicketCipher::Key{});
  Database db(tmp.path, Database::Mode::read_only);
  EXPECT_EQ(load_ticket_key(db), first);
  TempDb other;
  GroupCommitWriter writer(other.path, Durability::full);
  TicketCipher::Key different{};
  writer.run([&](WriteContext& ctx) { different = ensure_ticket_key(ctx.db()); });
  EXPECT_NE(different, first);
}

TEST(Migrations, Version3KeepsEveryQuestionAndDropsTheRandomKeyIndexes) {
  TempDb tmp;
  const auto& all = schema_migrations();
  {
    Database db(tmp.path);
    migrate_up_to(db, 2);
    // Rows as version 2 wrote them (today's insert_question knows later columns).
    for (int i = 1; i <= 3; ++i)
      db.prepare("INSERT INTO questions(ticket, channel, sender_name, phone, area, topic, agency, original_text, "
                 "on_air_text, state, version, flag_profanity, flag_spam, flag_too_long, fold_key, near_key, "
                 "created_at, updated_at, updated_by) VALUES (?, 'web', '', '', '', '', '', ?, ?, 'pending', 1, 0, 0, 0, "
                 "'', '', 1, 1, 'voter')")
          .bind(1, "OLDCODE" + std::to_string(i))
          .bind(2, "Câu hỏi cũ số " + std::to_string(i))
          .bind(3, "Câu hỏi cũ số " + std::to_string(i))
          .run();
  }
  Database db(tmp.path);
  EXPECT_EQ(migrate(db), all.back().version);
  QuestionFilter every;
  const auto kept = list_questions(db, every);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[2].original_text, "Câu hỏi cũ số 3");
  EXPECT_EQ(kept[2].ticket, "OLDCODE3");
  EXPECT_EQ(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'questions' "
                       "AND (name = 'questions_near' OR sql IS NULL)").scalar_int64(), 0)
      << "no index on near_key, no automatic UNIQUE index on ticket";
  EXPECT_EQ(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'questions'")
                .scalar_int64(), 7)
      << "show, rundown, show and state, cluster, facets; and the follow-up's two partial ones (forwarded, answered)";
}

TEST(Migrations, Version10KeepsTheArchiveSearchableAndFindsNumbersInsideWords) {
  TempDb tmp;
  const auto& all = schema_migrations();
  {
    Database db(tmp.path);
    ASSERT_EQ(migrate_up_to(db, 9), 9);
    db.prepare("INSERT INTO answer_search(rowid, text) VALUES (7, 'khi nao sua duong dt743 | quy i nam 2027')").run();
  }
  Database db(tmp.path);
  EXPECT_EQ(migrate(db), all.back().version);
  auto found = [&](const std::string& pattern) {
    return db.prepare("SELECT COUNT(*) FROM answer_search WHERE text LIKE ?").bind(1, pattern).scalar_int64();
  };
  EXPECT_EQ(found("% duong%"), 1);
  EXPECT_EQ(found("%743%"), 1);
  EXPECT_EQ(found("% i %"), 1) << "the key was padded, so a whole word at either end is found too";
  EXPECT_EQ(found("% 2027 %"), 1);
  EXPECT_EQ(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'answer_search' AND sql LIKE '%trigram%'")
                .scalar_int64(),
            1);
}

TEST(Store, AnOnAirTextAsWrittenIsNotStoredTwice) {
  TempDb tmp;
  GroupCommitWriter writer(tmp.path, Durability::normal);
  writer.run([&](WriteContext& ctx) {
    auto q = sample("Khi nào sửa đường ĐT743?");
    insert_question(ctx.db(), q);
    const auto stored = [&] {
      return ctx.db().prepare("SELECT on_air_text FROM questions WHERE id = ?").bind(1, q.id).first([](const Statement& r) {
        return r.text(0);
      });
    };
    EXPECT_EQ(stored(), "") << "the voter's words go on air as written: one copy";
    EXPECT_EQ(load_question(ctx.db(), q.id)->on_air_text, "Khi nào sửa đường ĐT743?");
    q.on_air_text = "Bao giờ sửa đường ĐT743?";
    ASSERT_TRUE(update_question(ctx.db(), q, 1));
    EXPECT_EQ(stored(), "Bao giờ sửa đường ĐT743?");
    EXPECT_EQ(load_question(ctx.db(), q.id)->on_air_text, "Bao giờ sửa đường ĐT743?");
    q.on_air_text = q.original_text;
    ASSERT_TRUE(update_question(ctx.db(), q, 2));
    EXPECT_EQ(stored(), "");
    EXPECT_EQ(load_question(ctx.db(), q.id)->on_air_text, q.original_text);
  });
}

TEST(Store, VersionedUpdateRejectsAStaleVersion) {
  TempDb tmp;
  GroupCommitWriter writer(tmp.path, Durability::full);
  writer.run([&](WriteContext& ctx) {
    auto q = sample("Khi nào sửa đường?");
    insert_question(ctx.db(), q);
    auto copy = q;
    q.on_air_text = "first edit";
    EXPECT_TRUE(update_question(ctx.db(), q, 1));
    EXPECT_EQ(q.version, 2);
    copy.on_air_text = "stale edit";
    EXPECT_FALSE(update_question(ctx.db(), copy, 1));
    EXPECT_EQ(load_question(ctx.db(), q.id)->on_air_text, "first edit");
  });
}

TEST(GroupCommit, ConcurrentSubmissionsShareTransactionsAndAllCommit) {
  TempDb tmp;
  std::vector<Event> published;
  std::mutex published_mutex;
  GroupCommitWriter writer(tmp.path, Durability::full, [&](std::vector<Event> events) {
    std::lock_guard lock(published_mutex);
    for (auto& e : events) published.push_back(std::move(e));
  });
  constexpr int kThreads = 8, kEach = 250;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        std::promise<void> done;
        writer.submit(
            [](WriteContext& ctx) {
              auto q = sample("Câu hỏi về rác thải");
              insert_question(ctx.db(), q);
              ctx.emit("question.created", "voter", q.id, {});
            },
            [&](std::exception_ptr e) {
              if (!e) ++ok;
              done.set_value();
            });
        done.get_future().get();
      }
    });
  for (auto& t : threads) t.join();
  const auto stats = writer.stats();
  EXPECT_EQ(ok, kThreads * kEach);
  EXPECT_EQ(stats.jobs, static_cast<std::uint64_t>(kThreads * kEach));
  EXPECT_LT(stats.batches, stats.jobs) << "no two submissions ever shared a commit";
  EXPECT_GT(stats.largest_batch, 1u);
  // Published in strictly increasing sequence, without gaps.
  ASSERT_EQ(published.size(), static_cast<std::size_t>(kThreads * kEach));
  for (std::size_t i = 1; i < published.size(); ++i) EXPECT_EQ(published[i].seq, published[i - 1].seq + 1);
}

TEST(GroupCommit, AFailingJobDoesNotSpoilItsBatch) {
  TempDb tmp;
  GroupCommitWriter writer(tmp.path, Durability::full);
  std::vector<std::future<bool>> results;
  for (int i = 0; i < 50; ++i) {
    auto p = std::make_shared<std::promise<bool>>();
    results.push_back(p->get_future());
    writer.submit(
        [i](WriteContext& ctx) {
          auto q = sample("Câu hỏi số " + std::to_string(i));
          insert_question(ctx.db(), q);
          ctx.emit("question.created", "voter", q.id, {});
          if (i % 5 == 0) throw std::runtime_error("rejected by a rule");
        },
        [p](std::exception_ptr e) { p->set_value(e == nullptr); });
  }
  int succeeded = 0;
  for (auto& f : results) succeeded += f.get();
  EXPECT_EQ(succeeded, 40);
  Database db(tmp.path, Database::Mode::read_only);
  QuestionFilter all;
  all.limit = 500;
  EXPECT_EQ(list_questions(db, all).size(), 40u);
  EXPECT_EQ(events_after(db, 0, 500).size(), 40u) << "a failed job's events must vanish with it";
}

TEST(GroupCommit, StopFinishesWhatIsQueued) {
  TempDb tmp;
  std::atomic<int> done{0};
  {
    GroupCommitWriter writer(tmp.path, Durability::normal);
    for (int i = 0; i < 200; ++i)
      writer.submit([](WriteContext& ctx) { auto q = sample("x"); insert_question(ctx.db(), q); },
                    [&](std::exception_ptr e) { done += e == nullptr; });
  }
  EXPECT_EQ(done, 200);
  Database db(tmp.path, Database::Mode::read_only);
  QuestionFilter all;
  all.limit = 500;
  EXPECT_EQ(list_questions(db, all).size(), 200u);
}

TEST(GroupCommit, BackgroundWorkFollowsEachBatchAndTakesTheRestOncePaused) {
  TempDb tmp;
  GroupCommitWriter writer(tmp.path, Durability::normal);
  std::mutex mutex;
  std::vector<bool> calls;  // idle or not, in order
  int more = 2;             // it asks to be called again at once twice
  writer.add_background([&](Database&, bool idle) {
    std::lock_guard lock(mutex);
    calls.push_back(idle);
    return idle && more-- > 0;
  });
  writer.run([](WriteContext& ctx) { auto q = sample("x"); insert_question(ctx.db(), q); });
  // After the batch (not idle), then once nothing has come for a moment: idle, and again
  // at once while it says more is waiting; then it sleeps until the next job.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (calls.size() >= 4 || std::chrono::steady_clock::now() > deadline) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(GroupCommitWriter::kIdleDelay * 3);
  std::lock_guard lock(mutex);
  EXPECT_EQ(calls, (std::vector<bool>{false, true, true, true}));
}

TEST(Users, PasswordsAreArgon2idAndVerify) {
  const auto hash = hash_password("correct horse battery");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(hash, "correct horse battery"));
  EXPECT_FALSE(verify_password(hash, "correct horse batterY"));
  EXPECT_TRUE(role_may(Role::moderator, Permission::moderate));
  EXPECT_FALSE(role_may(Role::operator_, Permission::moderate));
  EXPECT_TRUE(role_may(Role::operator_, Permission::take_to_air));
  EXPECT_FALSE(role_may(Role::agency, Permission::view_queue));
  EXPECT_TRUE(role_may(Role::admin, Permission::manage_users));
}

TEST(Users, SessionsExpireAndNamesAreUnique) {
  TempDb tmp;
  GroupCommitWriter writer(tmp.path, Durability::full);
  writer.run([](WriteContext& ctx) {
    User u;
    u.name = "bientap1";
    u.role = Role::moderator;
    u.password_hash = "x";
    insert_user(ctx.db(), u, 0);
    insert_session(ctx.db(), "h1", u.id, 1000, 2000);
    EXPECT_EQ(session_user(ctx.db(), "h1", 1500, 10000)->user.name, "bientap1");
    EXPECT_FALSE(session_user(ctx.db(), "h1", 2000, 10000));
    EXPECT_FALSE(session_user(ctx.db(), "nope", 1500, 10000));
    User again = u;
    EXPECT_THROW(insert_user(ctx.db(), again, 0), DatabaseError);
  });
}

// Issue 14: a session left alone ends before its age does; use keeps it going.
TEST(Users, ASessionEndsWhenIdle) {
  TempDb tmp;
  GroupCommitWriter writer(tmp.path, Durability::full);
  writer.run([](WriteContext& ctx) {
    User u;
    u.name = "bientap1";
    u.password_hash = "x";
    insert_user(ctx.db(), u, 0);
    insert_session(ctx.db(), "h1", u.id, 1000, 1000000);
    EXPECT_TRUE(session_user(ctx.db(), "h1", 1000 + 299, 300));
    EXPECT_FALSE(session_user(ctx.db(), "h1", 1000 + 300, 300)) << "idle for the limit";
    touch_session(ctx.db(), "h1", 1200);
    const auto again = session_user(ctx.db(), "h1", 1000 + 300, 300);
    ASSERT_TRUE(again) << "used since";
    EXPECT_EQ(again->last_seen_ms, 1200);
    touch_session(ctx.db(), "h1", 1100);  // a late touch never moves it back
    EXPECT_EQ(session_user(ctx.db(), "h1", 1300, 300)->last_seen_ms, 1200);
  });
}

TEST(GroupCommit, TheWriteAheadLogStaysBounded) {
  TempDb tmp;
  const std::string text(900, 'x');
  {
    GroupCommitWriter writer(tmp.path, Durability::normal);
    std::atomic<int> done{0};
    constexpr int kRows = 20000;  // about 40 MB of rows: several checkpoints' worth
    for (int i = 0; i < kRows; ++i)
      writer.submit(
          [&text](WriteContext& ctx) {
            auto q = sample(text);
            insert_question(ctx.db(), q);
            ctx.emit("question.created", "voter", q.id, "{}");
          },
          [&done](std::exception_ptr) { ++done; });
    while (done < kRows) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto wal = std::filesystem::file_size(tmp.path + "-wal");
    EXPECT_GE(writer.stats().checkpoints, 2u);
    // Unchecked, the log would hold all ~40 MB.
    EXPECT_LT(wal, 20u * 1024 * 1024) << "the log was not kept short";
  }
  const auto wal = tmp.path + "-wal";
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0) << "a clean stop empties the log";
}
