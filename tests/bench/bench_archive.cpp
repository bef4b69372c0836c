// The public archive's search over 50,000 answered questions: how long one page of
// results (20 rows and the total) takes for words a voter types, common and rare,
// words by their start and numbers inside words. Figures, not pass/fail.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/follow_up.hpp"
#include "core/store/archive_search.hpp"
#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "core/store/question_table.hpp"
#include "core/text.hpp"

using namespace votercast::core;
using namespace votercast::core::store;

namespace {

constexpr int kQuestions = 50000;
constexpr int kRuns = 60;

std::vector<std::string> voter_texts() {
  std::vector<std::string> out;
  std::ifstream in(std::string(VOTERCAST_SHARED_DATA) + "/questions.vi.jsonl");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line)["text"].get<std::string>());
  if (out.empty()) out.push_back("Đường ĐT743 đoạn qua phường Hòa Phú xuống cấp nghiêm trọng. Khi nào sửa?");
  return out;
}

void fill(Database& db) {
  const auto texts = voter_texts();
  const std::vector<std::string> answers = {
      "Sở đã đưa vào kế hoạch sửa chữa quý I năm 2027, kinh phí 12 tỷ đồng.",
      "UBND phường đã kiểm tra và yêu cầu doanh nghiệp khắc phục trong 30 ngày.",
      "Bệnh viện sẽ bổ sung 20 giường và mở thêm khu khám buổi tối.",
      "Trường học được xây thêm 8 phòng trong năm học tới.",
  };
  std::mt19937 rng(743);
  Transaction tx(db);
  for (int i = 0; i < kQuestions; ++i) {
    Question q;
    q.ticket = "B" + std::to_string(100000 + i);
    // Road numbers and house numbers vary, as they do in real questions.
    q.original_text = texts[i % texts.size()] + " (tổ " + std::to_string(rng() % 90 + 1) + ", ĐT" +
                      std::to_string(700 + rng() % 100) + ")";
    q.fold_key = text::fold_key(q.original_text);
    q.state = QuestionState::answered;
    q.answer_text = answers[i % answers.size()];
    q.answered_at_ms = 1'790'000'000'000 + i * 1000LL;
    q.created_at_ms = q.updated_at_ms = *q.answered_at_ms - 86'400'000;
    q.updated_by = "bench";
    insert_question(db, q);
    index_for_archive(db, q.id, archive_search_key(q));
  }
  tx.commit();
}

double ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main() {
  const auto dir = std::filesystem::temp_directory_path() / ("votercast-bench-archive-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "archive.db").string();
  {
    Database db(path);
    migrate(db);
    const auto start = std::chrono::steady_clock::now();
    fill(db);
    std::printf("archive: %d answered questions indexed in %.0f ms\n", kQuestions, ms(std::chrono::steady_clock::now() - start));
  }
  Database db(path, Database::Mode::read_only);
  const std::vector<std::string> queries = {"", "duong", "dt743", "743", "benh vien", "xa", "i", "quy i 2027",
                                            "nghiem trong phuong hoa phu", "zzz"};
  std::printf("%-30s %8s %9s %9s\n", "query (folded)", "matches", "p50 ms", "p99 ms");
  for (const auto& query : queries) {
    ArchiveFilter f;
    std::size_t at = 0;
    while (at < query.size()) {
      const auto end = std::min(query.find(' ', at), query.size());
      if (end > at) f.folded_words.push_back(query.substr(at, end - at));
      at = end + 1;
    }
    std::vector<double> times;
    std::int64_t total = 0;
    for (int run = 0; run < kRuns; ++run) {
      const auto start = std::chrono::steady_clock::now();
      total = list_archive(db, f).total;
      times.push_back(ms(std::chrono::steady_clock::now() - start));
    }
    std::sort(times.begin(), times.end());
    std::printf("%-30s %8lld %9.2f %9.2f\n", query.empty() ? "(no words: the newest page)" : query.c_str(),
                static_cast<long long>(total), times[times.size() / 2], times[times.size() * 99 / 100]);
  }
  std::filesystem::remove_all(dir);
}
