// A national show of 200,000 questions stored the way the writer stores them (through the
// question desk: its cluster, its search words, the counters), then what the consoles ask
// of it on the staff read thread's own connection: the first window, a page deep in the
// show, searches, filters with their counts, the clusters, the snapshot's queue. 10% of the
// questions ask one of the realistic questions of shared/data again, the way voters do; the
// rest each ask something of their own. Figures, not pass/fail.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <malloc.h>
#include <unistd.h>

#include "core/clock.hpp"
#include "core/desk/question_desk.hpp"
#include "core/intake.hpp"
#include "core/store/cluster_table.hpp"
#include "core/store/question_counts.hpp"
#include "core/store/queue_query.hpp"
#include "core/text.hpp"
#include <nlohmann/json.hpp>
#include "web/live/queue_page.hpp"

using namespace votercast;
using namespace votercast::core;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kQuestions = 200000;
constexpr int kRuns = 200;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

void timed(const char* what, const std::function<void()>& run) {
  std::vector<double> ms;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = Clock::now();
    run();
    ms.push_back(ms_since(start));
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-52s p50 %8.3f ms  p99 %8.3f ms\n", what, ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
}

long rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  return -1;
}

// Syllables voters write, to make questions of their own.
const std::vector<std::string> kSyllables = {
    "đường", "nước", "điện", "trường", "học", "bệnh", "viện", "chợ", "cầu", "cống", "rác", "nhà", "đất", "thuế", "phí",
    "lương", "hưu", "trợ", "cấp", "giấy", "phép", "xây", "dựng", "quy", "hoạch", "đền", "bù", "giải", "tỏa", "ngập",
    "lụt", "ô", "nhiễm", "khói", "bụi", "tiếng", "ồn", "kẹt", "xe", "tai", "nạn", "đèn", "tín", "hiệu", "vỉa", "hè",
    "lấn", "chiếm", "công", "viên", "cây", "xanh", "bảo", "hiểm", "y", "tế", "thẻ", "khám", "chữa", "thuốc", "giá",
    "sữa", "mầm", "non", "giáo", "viên", "sách", "giáo", "khoa", "học", "phí", "xe", "buýt", "bến", "tàu", "phà",
    "đê", "kè", "sạt", "lở", "hạn", "mặn", "lúa", "giống", "phân", "bón", "heo", "gà", "dịch", "tả", "vắc", "xin",
    "internet", "sóng", "điện", "thoại", "căn", "cước", "hộ", "khẩu", "sổ", "đỏ", "thừa", "kế", "ly", "hôn", "việc",
    "làm", "thất", "nghiệp", "doanh", "nghiệp", "vốn", "vay", "ngân", "hàng", "lãi", "suất", "nghèo", "cận", "nghèo"};
const std::vector<std::string> kPlaces = {"phường", "xã", "ấp", "khu phố", "tổ", "thôn", "hẻm", "đường số"};
const std::vector<std::string> kTopics = {"giao thông", "đất đai", "môi trường", "y tế", "giáo dục", "an sinh xã hội"};
const std::vector<std::string> kAreas = {"TP. Thủ Dầu Một", "TP. Dĩ An", "TP. Thuận An", "TX. Bến Cát", "TX. Tân Uyên",
                                         "huyện Bàu Bàng", "huyện Phú Giáo", "huyện Dầu Tiếng", "huyện Bắc Tân Uyên"};

std::string own_question(std::mt19937& rng, int i) {
  std::string text;
  const int words = 10 + static_cast<int>(rng() % 10);
  for (int w = 0; w < words; ++w) text += (w ? " " : "") + kSyllables[rng() % kSyllables.size()];
  text += " ở " + kPlaces[rng() % kPlaces.size()] + " " + std::to_string(1 + rng() % 60) + " (" + std::to_string(i) + ")?";
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string asked_again(std::mt19937& rng, const std::string& text) {
  static const std::vector<std::string> before = {"Xin hỏi ", "Cho tôi hỏi ", "Kính gửi chương trình, ", ""};
  static const std::vector<std::string> after = {" Mong được trả lời.", " ạ", ""};
  auto v = before[rng() % before.size()] + text + after[rng() % after.size()];
  if (rng() % 3 == 0) v = "DT " + text::fold_key(v);  // an SMS without diacritics
  return v;
}

}  // namespace

int main() {
  const auto dir = std::filesystem::temp_directory_path() / ("votercast-bench-scale-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "scale.db").string();
  {
    store::GroupCommitWriter writer(path, store::Durability::normal);
    TicketCipher tickets(TicketCipher::random_key());
    QuestionDesk desk(writer, tickets);
    std::mutex mutex;
    std::condition_variable done;
    bool opened = false;
    desk.open_show("Dân hỏi, Bộ trưởng trả lời", "bench", [&](std::exception_ptr, Show) {
      std::lock_guard lock(mutex);
      opened = true;
      done.notify_all();
    });
    {
      std::unique_lock lock(mutex);
      done.wait(lock, [&] { return opened; });
    }
    std::vector<std::string> samples;
    std::ifstream in(std::string(VOTERCAST_SHARED_DATA) + "/questions.vi.jsonl");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) samples.push_back(nlohmann::json::parse(line)["text"].get<std::string>());
    if (samples.empty()) samples.push_back("Đường ĐT743 đoạn qua phường Hòa Phú xuống cấp nghiêm trọng. Khi nào sửa?");
    std::mt19937 rng(20261202);
    std::vector<Question> prepared;
    prepared.reserve(kQuestions);
    for (int i = 0; i < kQuestions; ++i) {
      Submission s;
      s.text = rng() % 10 == 0 ? asked_again(rng, samples[rng() % samples.size()]) : own_question(rng, i);
      s.topic = kTopics[rng() % kTopics.size()];
      s.area = "Phường " + std::to_string(1 + rng() % 12) + ", " + kAreas[rng() % kAreas.size()];
      s.name = "Cử tri " + std::to_string(i);
      prepared.push_back(prepare_question(s, now_ms()));
    }
    std::printf("queue at national size: %d questions in one show (10%% asked again), %d runs each\n", kQuestions, kRuns);
    // In waves of 2,000, as a server's admission control keeps the writer's queue bounded.
    std::atomic<int> stored{0};
    const auto started = Clock::now();
    for (int wave = 0; wave < kQuestions; wave += 2000) {
      for (int i = wave; i < std::min(wave + 2000, kQuestions); ++i)
        desk.submit(std::move(prepared[static_cast<std::size_t>(i)]), "voter", [&](std::exception_ptr error, Question) {
          if (error) std::fprintf(stderr, "a question was refused\n");
          std::lock_guard lock(mutex);
          ++stored;
          done.notify_all();
        });
      std::unique_lock lock(mutex);
      done.wait(lock, [&] { return stored >= std::min(wave + 2000, kQuestions); });
    }
    prepared.clear();
    prepared.shrink_to_fit();
    malloc_trim(0);  // what the test's own preparing took goes back before the measure
    const auto seconds = ms_since(started) / 1000;
    std::printf("%-52s %8.0f questions/s (%.1f µs each: cluster, search words, counters)\n",
                "stored through the desk, one writer", kQuestions / seconds, seconds * 1e6 / kQuestions);
    std::printf("%-52s %8ld MB (the writer: its cluster index, caches)\n", "resident memory after", rss_mb());
  }

  store::Database db(path, store::Database::Mode::read_only);
  const std::int64_t show = 1;
  const auto middle = db.prepare("SELECT id FROM questions WHERE show_id = 1 ORDER BY id LIMIT 1 OFFSET 100000").scalar_int64();
  auto query = [&](auto&& adjust) {
    store::QueueQuery q;
    q.show_id = show;
    adjust(q);
    return q;
  };
  const auto first = query([](auto&) {});
  const auto pending = query([](auto& q) { q.state = QuestionState::pending; });
  const auto deep = query([&](auto& q) { q.after_id = middle; });
  const auto rare = query([](auto& q) { q.folded_words = {"bau", "tram"}; });
  const auto common = query([](auto& q) { q.folded_words = {"duong"}; });
  const auto number = query([](auto& q) { q.folded_words = {"743"}; });
  const auto topic = query([](auto& q) { q.topic = "y tế"; q.state = QuestionState::pending; });
  const auto area = query([](auto& q) { q.area = "huyện Phú Giáo"; });
  const auto oldest = query([](auto& q) { q.order = store::QueueOrder::oldest; q.state = QuestionState::approved; });
  const auto largest = query([](auto& q) { q.order = store::QueueOrder::largest; q.state = QuestionState::pending; });
  auto largest_deep = largest;
  for (int page = 0; page < 20; ++page) largest_deep.after_id = store::list_queue(db, largest_deep).next_after;
  std::size_t seen = 0;
  timed("first window (newest 50, every state)", [&] { seen += store::list_queue(db, first).questions.size(); });
  timed("first window, pending", [&] { seen += store::list_queue(db, pending).questions.size(); });
  timed("a page from the middle of the show (cursor)", [&] { seen += store::list_queue(db, deep).questions.size(); });
  timed("search, a rare place (\"bau tram\"), page + counts", [&] {
    seen += store::list_queue(db, rare).questions.size() + store::count_queue(db, rare).total;
  });
  timed("search, a common word (\"duong\"), page + counts", [&] {
    seen += store::list_queue(db, common).questions.size() + store::count_queue(db, common).total;
  });
  timed("search, \"743\" (inside ĐT743), page + counts", [&] {
    seen += store::list_queue(db, number).questions.size() + store::count_queue(db, number).total;
  });
  timed("topic and state, page + counts", [&] { seen += store::list_queue(db, topic).questions.size() + store::count_queue(db, topic).total; });
  timed("area inside the area text, page + counts", [&] { seen += store::list_queue(db, area).questions.size() + store::count_queue(db, area).total; });
  timed("approved, oldest first (none approved yet)", [&] { seen += store::list_queue(db, oldest).questions.size(); });
  timed("largest clusters first, pending, first window", [&] { seen += store::list_queue(db, largest).questions.size(); });
  timed("largest clusters first, the 21st page (cursor)", [&] { seen += store::list_queue(db, largest_deep).questions.size(); });
  timed("counts per state, the whole show", [&] { seen += store::count_by_state(db, show).total; });
  timed("clusters, the 30 largest with areas and channels", [&] { seen += store::list_clusters(db, show, 30, 0).clusters.size(); });
  timed("the snapshot's queue (first window, related, counts)", [&] { seen += web::queue_page_json(db, first).size(); });
  const auto clusters = store::list_clusters(db, show, 3, 0);
  std::printf("largest clusters:");
  for (const auto& c : clusters.clusters) std::printf(" %lld voters,", static_cast<long long>(c.voters));
  std::printf(" of %lld clusters of 2 or more (%zu)\n", static_cast<long long>(clusters.total), seen % 7);
  // VOTERCAST_BENCH_KEEP=1 leaves the show behind, to try queries on it with sqlite3.
  if (const char* keep = std::getenv("VOTERCAST_BENCH_KEEP"); keep && std::string(keep) == "1")
    std::printf("kept: %s\n", path.c_str());
  else
    std::filesystem::remove_all(dir);
}
