// The queue's window and counts (core/store/queue_query.hpp) say what reading every row
// would say, for every combination of filters, order and page; its search finds words by
// their start, digits inside words included; and a file from before gets the index.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <random>
#include <set>

#include "core/store/migrations.hpp"
#include "core/store/question_table.hpp"
#include "core/store/queue_query.hpp"
#include "core/store/queue_search.hpp"
#include "older_schema.hpp"
#include "temp_db.hpp"

namespace votercast::core::store {
namespace {

TEST(QueueSearch, IndexesTheDigitsInsideWordsAsWordsToo) {
  EXPECT_EQ(queue_search_text("duong dt743 qua hoa phu"), "duong dt743 qua hoa phu 743");
  EXPECT_EQ(queue_search_text("ql13a va b2b 2027"), "ql13a va b2b 2027 13 2");
  EXPECT_EQ(queue_search_text(""), "");
}

TEST(QueueSearch, EveryWordIsAQuotedWordStart) {
  EXPECT_EQ(queue_match({"duong", "dt743"}), R"("duong"* AND "dt743"*)");
  EXPECT_EQ(queue_match({"a\"b", "", "or"}), R"("a""b"* AND "or"*)");
  EXPECT_EQ(queue_match({}), "");
}

const std::vector<std::string> kWords = {"duong", "dt743", "ngap", "nuoc", "hoc", "phi", "benh", "vien", "dien"};
const std::vector<std::string> kTopics = {"giao thông", "y tế", "giáo dục"};
const std::vector<std::string> kAreas = {"Phường Hòa Phú, TP. Thủ Dầu Một", "Phường Dĩ An, TP. Dĩ An", ""};
const std::vector<std::string> kAgencies = {"", "Sở Y tế", "Sở Giao thông Vận tải"};

// What reading every row says: the ids a query should list, in its order, and its counts.
struct Reference {
  std::vector<Question> all;

  bool matches(const Question& q, const QueueQuery& f, bool with_state) const {
    if (q.show_id != f.show_id) return false;
    if (with_state && f.state && q.state != *f.state) return false;
    if (f.topic && q.topic != *f.topic) return false;
    if (f.area && q.area.find(*f.area) == std::string::npos) return false;
    if (f.channel && q.channel != *f.channel) return false;
    if (f.agency && q.agency != *f.agency) return false;
    if (f.flag == QueueFlag::spam && !q.flags.spam) return false;
    if (f.flag == QueueFlag::profanity && !q.flags.profanity) return false;
    const auto text = " " + queue_search_text(q.fold_key);
    for (const auto& w : f.folded_words)
      if (text.find(" " + w) == std::string::npos) return false;
    return true;
  }

  // Each cluster's voters: its pending questions and the duplicates merged into them.
  std::map<std::int64_t, std::int64_t> voters() const {
    std::map<std::int64_t, std::int64_t> n;
    for (const auto& q : all)
      if (q.state == QuestionState::pending) n[*q.cluster_id] += 1 + q.duplicate_count;
    return n;
  }

  std::vector<std::int64_t> listed(const QueueQuery& f) const {
    std::vector<const Question*> out;
    for (const auto& q : all)
      if (matches(q, f, true)) out.push_back(&q);
    if (f.order == QueueOrder::largest && f.folded_words.empty()) {
      auto size = voters();
      std::sort(out.begin(), out.end(), [&](const Question* a, const Question* b) {
        const auto ka = std::tuple(-size[*a->cluster_id], -*a->cluster_id, a->id);
        return ka < std::tuple(-size[*b->cluster_id], -*b->cluster_id, b->id);
      });
    } else {
      std::sort(out.begin(), out.end(), [](const Question* a, const Question* b) { return a->id < b->id; });
      if (f.order != QueueOrder::oldest) std::reverse(out.begin(), out.end());
    }
    std::vector<std::int64_t> ids;
    for (const auto* q : out) ids.push_back(q->id);
    return ids;
  }

  StateCounts counted(const QueueQuery& f) const {
    StateCounts out;
    for (const auto& q : all)
      if (matches(q, f, false)) out.add(to_string(q.state), 1);
    return out;
  }
};

TEST(QueueQuery, EveryFilterOrderAndPageSaysWhatReadingEveryRowSays) {
  TempDb tmp;
  Database db(tmp.path);
  // Thousands of single-statement writes: this checks counts, not durability, and a file
  // sync after each made the test as slow as the disk was busy (6 to 90 s in CI).
  db.prepare("PRAGMA synchronous = OFF").run();
  migrate(db);
  db.prepare("INSERT INTO shows(id, title, opened_at, opened_by, closed_at) VALUES (1, 'Kỳ họp 1', 1, 'test', 2)").run();
  db.prepare("INSERT INTO shows(id, title, opened_at, opened_by) VALUES (2, 'Kỳ họp 2', 3, 'test')").run();
  std::mt19937 random(20261202);
  auto pick = [&](const auto& list) { return list[random() % list.size()]; };
  Reference reference;
  for (int i = 0; i < 1500; ++i) {
    // The first 900 are in the word index, the rest only in the table (as just after a
    // burst): every search reads both parts, and pages cross from one to the other.
    if (i == 900) {
      ASSERT_FALSE(QueueSearchCatchUp{}(db, true));
    }
    Question q;
    const int show = static_cast<int>(random() % 3);
    q.show_id = show ? std::optional<std::int64_t>(show) : std::nullopt;
    q.state = kQuestionStates[random() % kQuestionStates.size()];
    q.channel = random() % 4 == 0 ? Channel::sms : Channel::web;
    q.topic = pick(kTopics);
    q.area = pick(kAreas);
    q.agency = pick(kAgencies);
    q.flags.spam = random() % 10 == 0;
    q.flags.profanity = random() % 10 == 0;
    for (int w = 0; w < 4; ++w) q.fold_key += (w ? " " : "") + pick(kWords);
    q.ticket = "T" + std::to_string(i);
    // Clusters of the show's questions, some weighed by duplicates merged into them.
    q.id = i + 1;
    std::vector<std::int64_t> same_show;
    for (const auto& other : reference.all)
      if (other.show_id == q.show_id) same_show.push_back(*other.cluster_id);
    q.cluster_id = same_show.empty() || random() % 3 == 0 ? q.id : same_show[random() % same_show.size()];
    q.duplicate_count = random() % 5 == 0 ? static_cast<std::int64_t>(random() % 4) : 0;
    q.original_text = q.on_air_text = q.fold_key;
    q.updated_by = "test";
    insert_question(db, q);
    reference.all.push_back(q);
  }
  ASSERT_EQ(queue_search_upto(db), 900);
  int searched = 0;
  for (int round = 0; round < 300; ++round) {
    QueueQuery f;
    const int show = static_cast<int>(random() % 3);
    f.show_id = show ? std::optional<std::int64_t>(show) : std::nullopt;
    if (random() % 2) f.state = kQuestionStates[random() % kQuestionStates.size()];
    if (random() % 4 == 0) f.topic = pick(kTopics);
    if (random() % 4 == 0) f.area = random() % 2 ? "Dĩ An" : "Hòa Phú";
    if (random() % 5 == 0) f.channel = Channel::sms;
    if (random() % 5 == 0) f.agency = "Sở Y tế";
    if (random() % 6 == 0) f.flag = random() % 2 ? QueueFlag::spam : QueueFlag::profanity;
    if (random() % 3 == 0) f.folded_words.push_back(pick(kWords).substr(0, 2 + random() % 3));
    if (random() % 6 == 0) f.folded_words.push_back(random() % 2 ? "743" : pick(kWords));
    f.order = std::array{QueueOrder::newest, QueueOrder::oldest, QueueOrder::largest}[random() % 3];
    f.limit = 1 + static_cast<int>(random() % 60);
    const auto where = "round " + std::to_string(round);

    std::vector<std::int64_t> paged;
    for (int pages = 0; pages < 2000; ++pages) {
      const auto window = list_queue(db, f);
      ASSERT_LE(window.questions.size(), static_cast<std::size_t>(f.limit)) << where;
      for (const auto& q : window.questions) paged.push_back(q.id);
      if (!window.next_after) break;
      ASSERT_EQ(*window.next_after, paged.back()) << where;
      f.after_id = window.next_after;
    }
    f.after_id.reset();
    EXPECT_EQ(paged, reference.listed(f)) << where;
    if (!f.folded_words.empty()) ++searched;
    const auto counts = count_queue(db, f);
    const auto expected = reference.counted(f);
    EXPECT_EQ(counts.by_state, expected.by_state) << where;
    EXPECT_EQ(counts.total, expected.total) << where;
  }
  EXPECT_GT(searched, 50);
}

TEST(QueueSearch, TheTestOnOneQuestionIsTheIndexs) {
  EXPECT_TRUE(queue_words_match("duong dt743 qua hoa phu", "du 743"));
  EXPECT_TRUE(queue_words_match("duong dt743 qua hoa phu", "dt7 hoa"));
  EXPECT_TRUE(queue_words_match("duong dt743", ""));
  EXPECT_FALSE(queue_words_match("duong dt743 qua hoa phu", "uong"));  // the start of a word only
  EXPECT_FALSE(queue_words_match("duong dt743 qua hoa phu", "duong ngap"));  // every word
  EXPECT_FALSE(queue_words_match("duong dt743", "43"));
  EXPECT_FALSE(queue_words_match("", "duong"));
  // Through SQL, as the queue's query calls it.
  TempDb tmp;
  Database db(tmp.path);
  EXPECT_EQ(db.prepare("SELECT queue_words_match('duong dt743', '743 du')").scalar_int64(), 1);
  EXPECT_EQ(db.prepare("SELECT queue_words_match('duong dt743', 'ngap')").scalar_int64(), 0);
}

Question question_saying(std::string fold_key, int n) {
  Question q;
  q.show_id = 1;
  q.ticket = "C" + std::to_string(n);
  q.fold_key = std::move(fold_key);
  q.original_text = q.on_air_text = q.fold_key;
  q.updated_by = "test";
  return q;
}

TEST(QueueSearchCatchUp, WaitsForABatchWhileBusyAndTakesTheRestWhenIdle) {
  TempDb tmp;
  Database db(tmp.path);
  migrate(db);
  db.prepare("INSERT INTO shows(id, title, opened_at, opened_by) VALUES (1, 'Kỳ họp', 1, 'test')").run();
  QueueSearchCatchUp catch_up;
  auto store = [&](int from, int to) {
    Transaction tx(db);
    for (int i = from; i < to; ++i) {
      auto q = question_saying("duong dt743 doan " + std::to_string(i), i);
      insert_question(db, q);
    }
    tx.commit();
  };
  auto indexed = [&] { return db.prepare("SELECT count(*) FROM queue_search WHERE queue_search MATCH '743'").scalar_int64(); };
  store(0, 10);
  EXPECT_FALSE(catch_up(db, false));  // 10 behind: not worth a transaction while busy
  EXPECT_EQ(queue_search_upto(db), 0);
  EXPECT_FALSE(catch_up(db, true));
  EXPECT_EQ(queue_search_upto(db), 10);
  EXPECT_EQ(indexed(), 10);

  store(10, 10 + QueueSearchCatchUp::kBatch + QueueSearchCatchUp::kWorthABatch);
  EXPECT_TRUE(catch_up(db, false));  // a batch, and more waiting
  EXPECT_EQ(queue_search_upto(db), 10 + QueueSearchCatchUp::kBatch);
  EXPECT_FALSE(catch_up(db, false));
  EXPECT_EQ(indexed(), 10 + QueueSearchCatchUp::kBatch + QueueSearchCatchUp::kWorthABatch);

  // Whatever the index holds, a search finds each question once.
  store(3010, 3020);
  QueueQuery f;
  f.show_id = 1;
  f.folded_words = {"doan", "301"};
  f.limit = 200;
  const auto window = list_queue(db, f);
  std::vector<std::string> tickets;
  for (const auto& q : window.questions) tickets.push_back(q.ticket);
  EXPECT_EQ(tickets, (std::vector<std::string>{"C3019", "C3018", "C3017", "C3016", "C3015", "C3014", "C3013", "C3012",
                                               "C3011", "C3010", "C301"}));
  EXPECT_EQ(count_queue(db, f).total, 11);
}

TEST(QueueQuery, AFileFromBeforeTheSearchGetsItsQuestionsIndexed) {
  TempDb tmp;
  const auto& all = schema_migrations();
  {
    Database db(tmp.path);
    ASSERT_EQ(migrate_up_to(db, 11), 11);
    db.prepare("INSERT INTO questions(ticket, channel, sender_name, phone, area, topic, agency, original_text, "
               "on_air_text, state, version, flag_profanity, flag_spam, flag_too_long, fold_key, near_key, "
               "created_at, updated_at, updated_by) VALUES ('OLD1', 'web', '', '', '', '', '', 'Đường ngập', "
               "'Đường ngập', 'pending', 1, 0, 0, 0, 'duong ngap', '', 1, 1, 'voter')")
        .run();
  }
  Database db(tmp.path);
  EXPECT_EQ(migrate(db), all.back().version);
  QueueQuery f;
  f.folded_words = {"nga"};
  ASSERT_EQ(list_queue(db, f).questions.size(), 1u);
  EXPECT_EQ(list_queue(db, f).questions[0].ticket, "OLD1");
  EXPECT_EQ(count_queue(db, f).total, 1);
}

}  // namespace
}  // namespace votercast::core::store
