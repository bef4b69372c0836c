// A national show's queue: 200,000 questions spread over its states. What the counts per
// state cost read from the kept counters (migration 11) against counting the rows, and
// what each thing kept with a question (counters, cluster sizes, search words) adds to
// storing it. Figures, not pass/fail. (Tried and left: FTS5 automerge 0 or 16,
// crisismerge 64, pgsz 8000, the ascii tokenizer, detail=none: none stores faster.)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "core/store/question_counts.hpp"
#include "core/store/question_table.hpp"
#include "core/store/queue_search.hpp"

using namespace votercast::core;
using namespace votercast::core::store;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kQuestions = 200000;
constexpr int kRuns = 200;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void print_percentiles(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  std::printf("%-46s p50 %8.3f ms  p99 %8.3f ms\n", what, ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
}

// Stores the show's questions in transactions of 1,000; returns µs a question.
double fill(Database& db) {
  db.prepare("INSERT INTO shows(id, title, opened_at, opened_by) VALUES (1, 'Dân hỏi, Bộ trưởng trả lời', 1, 'bench')").run();
  std::mt19937 rng(200000);
  const auto started = Clock::now();
  for (int batch = 0; batch < kQuestions / 1000; ++batch) {
    Transaction tx(db);
    for (int i = 0; i < 1000; ++i) {
      Question q;
      q.show_id = 1;
      q.ticket = "Q" + std::to_string(batch * 1000 + i);
      q.original_text = q.on_air_text = "Khi nào sửa đường ĐT743 đoạn " + std::to_string(i) + "?";
      q.fold_key = "khi nao sua duong dt743 doan " + std::to_string(i) + " phuong hoa phu nhieu o ga nguy hiem";
      q.id = batch * 1000 + i + 1;
      q.cluster_id = rng() % 10 == 0 ? q.id % 500 + 1 : q.id;  // a tenth join one of 500 clusters
      // Most wait for a moderator; a national show gets through a few thousand.
      const auto pick = rng() % 100;
      q.state = pick < 80   ? QuestionState::pending
                : pick < 90 ? QuestionState::approved
                : pick < 97 ? QuestionState::rejected
                            : QuestionState::merged;
      q.updated_by = "bench";
      insert_question(db, q);
    }
    tx.commit();
  }
  return ms_since(started) * 1000 / kQuestions;
}

}  // namespace

int main() {
  const auto dir = std::filesystem::temp_directory_path() / ("votercast-bench-queue-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  {
    std::printf("queue counts: %d questions in one show, %d runs each\n", kQuestions, kRuns);
    // What each thing kept with a question adds to storing it (no HTTP, no desk): the search
    // words (an FTS5 index, here swapped for a plain table), the clusters' sizes and the
    // counters (triggers).
    auto variant = [&](const char* name, bool search, bool clusters, bool counters) {
      Database db((dir / (std::string(name) + ".db")).string());
      migrate(db);
      if (!search) db.exec("DROP TABLE queue_search; CREATE TABLE queue_search(text TEXT)");
      if (!clusters)
        for (const char* trigger : {"clusters_insert", "clusters_move", "clusters_delete"})
          db.exec(std::string("DROP TRIGGER ") + trigger);
      if (!counters)
        for (const char* trigger : {"question_counts_insert", "question_counts_move", "question_counts_delete"})
          db.exec(std::string("DROP TRIGGER ") + trigger);
      std::printf("%-46s %8.1f µs a question\n", name, fill(db));
      if (!search) return;
      // The search words are written behind, between the writer's batches (queue_search.hpp).
      const auto started = Clock::now();
      while (QueueSearchCatchUp{}(db, true)) {
      }
      std::printf("%-46s %8.1f µs a question\n", "  + search words, indexed behind, 2,000 at a time",
                  ms_since(started) * 1000 / kQuestions);
    };
    variant("storing, the row and its indexes only", false, false, false);
    variant("  + counters per state", false, false, true);
    variant("  + cluster sizes", false, true, true);
    variant("  (the same, the search words left behind)", true, true, true);
    Database db((dir / "queue.db").string());
    migrate(db);
    fill(db);

    std::vector<double> kept, counted;
    std::int64_t check = 0;
    for (int run = 0; run < kRuns; ++run) {
      auto start = Clock::now();
      check += count_by_state(db, 1).total;
      kept.push_back(ms_since(start));
      start = Clock::now();
      auto& s = db.prepare("SELECT state, count(*) FROM questions WHERE show_id = ? GROUP BY state");
      s.bind(1, std::int64_t{1});
      for (const auto& n : s.rows([](const Statement& row) { return row.int64(1); })) check -= n;
      counted.push_back(ms_since(start));
    }
    if (check != 0) std::printf("MISMATCH: the kept counts differ from the rows by %lld\n", static_cast<long long>(check));
    print_percentiles("counts per state, kept", kept);
    print_percentiles("counts per state, counting the rows", counted);
  }
  std::filesystem::remove_all(dir);
}
