// The queue read at national size, over HTTP: exact counts per state without reading the
// show's questions, and a show past the old 5,000-question snapshot paged, filtered and
// searched on the server, with the console's first frame bounded whatever its size.
#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "live_server.hpp"
#include "shared_data.hpp"
#include "sms_test_support.hpp"

namespace votercast::test {
namespace {

class QueueApi : public LiveServer {
 protected:
  void SetUp() override { start(many_voters_here()); }
};

TEST_F(QueueApi, CountsPerStateFollowEveryMoveAndOnlyStaffSeeThem) {
  auto voter = client();
  std::vector<nlohmann::json> asked;
  for (int i = 0; i < 4; ++i) asked.push_back(submit(*voter, "Khi nào sửa đường ĐT743, đoạn " + std::to_string(i) + "?"));
  auto moderator = staff("kiemduyet", "moderator");
  auto waiting = moderator->get("/api/queue/counts").json();
  EXPECT_TRUE(waiting["show_id"].is_null()) << "no show yet: the questions waiting for one";
  EXPECT_EQ(waiting["total"], 4);
  EXPECT_EQ(waiting["by_state"]["pending"], 4);

  auto producer = staff("sanxuat", "producer");
  const auto show = producer->post("/api/shows", {{"title", "Đối thoại với cử tri — số 49"}}).json()["id"];
  const auto path = [](const nlohmann::json& q) { return "/api/questions/" + std::to_string(q["id"].get<std::int64_t>()) + "/transition"; };
  ASSERT_EQ(moderator->post(path(asked[0]), {{"to", "approved"}, {"version", 2}}).status, 200);
  ASSERT_EQ(moderator->post(path(asked[1]), {{"to", "rejected"}, {"version", 2}, {"reason", "trùng"}}).status, 200);
  const auto counts = moderator->get("/api/queue/counts").json();
  EXPECT_EQ(counts["show_id"], show);
  EXPECT_EQ(counts["total"], 4);
  EXPECT_EQ(counts["by_state"]["pending"], 2);
  EXPECT_EQ(counts["by_state"]["approved"], 1);
  EXPECT_EQ(counts["by_state"]["rejected"], 1);
  EXPECT_EQ(counts["by_state"]["answered"], 0) << "every state is named, counted or not";
  EXPECT_EQ(counts["show"], (nlohmann::json{{"total", counts["total"]}, {"by_state", counts["by_state"]}}))
      << "no filter: the show's own counts";
  EXPECT_EQ(moderator->get("/api/queue/counts?show=" + std::to_string(show.get<std::int64_t>())).json(), counts);
  EXPECT_EQ(moderator->get("/api/queue/counts?show=waiting").json()["total"], 0) << "they joined the show";
  const auto narrowed = moderator->get("/api/queue/counts?q=doan%201").json();
  EXPECT_EQ(narrowed["total"], 1) << narrowed.dump();
  EXPECT_EQ(narrowed["by_state"]["rejected"], 1);
  EXPECT_EQ(narrowed["show"]["total"], 4);

  expect_error(moderator->get("/api/queue/counts?show=abc"), 400, "bad_id");
  expect_error(client()->get("/api/queue/counts"), 401, "not_logged_in");
  expect_error(staff("sogtvt", "agency")->get("/api/queue/counts"), 403, "forbidden");
}

// 6,200 questions from 127.0.0.1: the per-address limit is lifted for the test's voters.
class QueueAtScale : public LiveServer {
 protected:
  static constexpr int kQuestions = 6200;
  static constexpr int kNeedleAt = 3100;  // the question asked from the middle of the show
  static constexpr const char* kNeedle = "Xóm Bàu Trâm ngập nước mỗi khi mưa lớn, bao giờ có cống thoát?";

  std::vector<std::string> programme_args() const override {
    const auto path = dir.file("no-limit.json");
    std::ofstream(path) << R"({"intake": {"questions_per_ip": {"burst": 1000000000, "per_second": 1000000000},)"
                           R"( "collapse_repeats": false}})";
    return {"--no-programme", "--config", path};
  }

  // Five letters no Vietnamese word has, so that a tag is found by no search but its own.
  static std::string tag(int i) {
    std::string out;
    for (int k = 0; k < 5; ++k, i /= 6) out += "fjqwxz"[i % 6];
    return out;
  }

  // The realistic questions, each made distinct; the needle at kNeedleAt. Sent by 8 voters at
  // once, so ids are not in the order of i: returns the text of each id.
  std::map<std::int64_t, std::string> ask_all() {
    std::vector<std::string> texts;
    for (const auto& row : read_shared_jsonl("questions.vi.jsonl")) texts.push_back(row["text"]);
    std::map<std::int64_t, std::string> asked;
    std::mutex mutex;
    std::atomic<int> next{0};
    std::vector<std::thread> voters;
    for (int v = 0; v < 8; ++v)
      voters.emplace_back([&] {
        HttpClient c(server->port());
        for (int i = next++; i < kQuestions; i = next++) {
          const auto text = i == kNeedleAt ? std::string(kNeedle)
                                           : texts[static_cast<std::size_t>(i) % texts.size()] + " (" + tag(i) + ")";
          const auto r = c.post("/api/questions", {{"name", "Cử tri"}, {"area", "Phường Hòa Phú"}, {"text", text}});
          ASSERT_EQ(r.status, 201) << r.body;
          std::lock_guard lock(mutex);
          asked[r.json()["id"].get<std::int64_t>()] = text;
        }
      });
    for (auto& t : voters) t.join();
    return asked;
  }
};

std::vector<std::int64_t> ids_of(const nlohmann::json& questions) {
  std::vector<std::int64_t> out;
  for (const auto& q : questions) out.push_back(q["id"].get<std::int64_t>());
  return out;
}

TEST_F(QueueAtScale, AShowOf6200IsCountedPagedSearchedAndItsSnapshotStaysSmall) {
  auto producer = staff("sanxuat", "producer");
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Dân hỏi, Bộ trưởng trả lời"}}).status, 201);
  const auto asked = ask_all();
  ASSERT_EQ(asked.size(), static_cast<std::size_t>(kQuestions));
  const auto newest = asked.rbegin()->first;

  // The first window: the newest question first, the counts of the whole show exact.
  const auto first = producer->get("/api/queue").json();
  ASSERT_EQ(first["questions"].size(), 50u) << "the default window";
  EXPECT_EQ(first["questions"][0]["id"], newest);
  EXPECT_EQ(first["counts"]["total"], kQuestions);
  EXPECT_EQ(first["counts"]["by_state"]["pending"], kQuestions);
  EXPECT_EQ(first["show_counts"]["total"], kQuestions);
  EXPECT_TRUE(first["next_after"].is_number_integer());

  // Paged oldest first by the cursor: every question once, in order, none skipped.
  std::vector<std::int64_t> paged;
  std::string path = "/api/queue?order=oldest&limit=200";
  for (int pages = 0; pages < 100; ++pages) {
    const auto page = producer->get(path).json();
    for (const auto id : ids_of(page["questions"])) paged.push_back(id);
    EXPECT_EQ(page.contains("counts"), pages == 0) << "counts come with the first page only";
    if (page["next_after"].is_null()) break;
    path = "/api/queue?order=oldest&limit=200&after=" + std::to_string(page["next_after"].get<std::int64_t>());
  }
  std::vector<std::int64_t> all;
  for (const auto& [id, text] : asked) all.push_back(id);
  EXPECT_EQ(paged, all);

  // Search without diacritics finds the question from the middle of the show, and only it.
  const auto needle_id = std::find_if(asked.begin(), asked.end(), [](const auto& a) { return a.second == kNeedle; })->first;
  const auto found = producer->get("/api/queue?q=" + sms::url_encode("bau tram ngap")).json();
  EXPECT_EQ(ids_of(found["questions"]), std::vector<std::int64_t>{needle_id}) << found.dump().substr(0, 500);
  EXPECT_EQ(found["counts"]["total"], 1);
  // A word start finds every question with it, counted exactly: "743" finds "ĐT 743" and the
  // digits of "ĐT743" and the SMS's "DT743"; "Đường ĐT743" the two spelled as one word.
  const auto count_with = [&](std::initializer_list<const char*> spellings) {
    return std::count_if(asked.begin(), asked.end(), [&](const auto& a) {
      return std::any_of(spellings.begin(), spellings.end(), [&](const char* s) { return a.second.find(s) != std::string::npos; });
    });
  };
  const auto with_743 = count_with({"743"});
  ASSERT_GT(with_743, 50);
  const auto road = producer->get("/api/queue?q=743&limit=200").json();
  EXPECT_EQ(road["counts"]["total"], with_743);
  EXPECT_EQ(road["questions"][0]["id"], std::find_if(asked.rbegin(), asked.rend(), [](const auto& a) {
                                          return a.second.find("743") != std::string::npos;
                                        })->first);
  EXPECT_EQ(producer->get("/api/queue?q=" + sms::url_encode("Đường ĐT743")).json()["counts"]["total"],
            count_with({"ĐT743", "DT743"}))
      << "typed with diacritics, found without them too";
  EXPECT_EQ(producer->get("/api/queue?q=" + tag(4321)).json()["counts"]["total"], 1);

  // Approving moves the counts and the state filter finds them, newest first.
  auto moderator = staff("kiemduyet", "moderator");
  for (const auto id : {all[10], all[4000], needle_id}) transition(*moderator, id, "approved", 1);
  const auto approved = moderator->get("/api/queue?state=approved").json();
  EXPECT_EQ(ids_of(approved["questions"]), (std::vector<std::int64_t>{all[4000], needle_id, all[10]}));
  EXPECT_EQ(approved["counts"]["by_state"]["approved"], 3) << "counts name every state, whatever the filter";
  EXPECT_EQ(approved["counts"]["by_state"]["pending"], kQuestions - 3);
  const auto approved_road = moderator->get("/api/queue?state=approved&q=bau").json();
  EXPECT_EQ(ids_of(approved_road["questions"]), std::vector<std::int64_t>{needle_id});
  EXPECT_EQ(moderator->get("/api/queue?area=" + sms::url_encode("Hòa Phú") + "&limit=1").json()["counts"]["total"], kQuestions);
  EXPECT_EQ(moderator->get("/api/queue?area=" + sms::url_encode("Dĩ An")).json()["counts"]["total"], 0);
  EXPECT_EQ(moderator->get("/api/queue?channel=web&state=pending&limit=1").json()["counts"]["by_state"]["pending"], kQuestions - 3);
  EXPECT_EQ(moderator->get("/api/queue?channel=sms").json()["questions"].size(), 0u);

  // The console's first frame: counts, one window, the rundown; not the show.
  WsClient ws(server->port(), "/ws", moderator.get());
  ASSERT_TRUE(ws.connected()) << ws.error();
  const auto snapshot = ws.next();
  ASSERT_TRUE(snapshot);
  EXPECT_EQ((*snapshot)["queue"]["questions"].size(), 50u);
  EXPECT_EQ((*snapshot)["queue"]["questions"][0]["id"], newest);
  EXPECT_EQ((*snapshot)["queue"]["counts"]["total"], kQuestions);
  EXPECT_LT(snapshot->dump().size(), 100'000u) << "bounded, whatever the size of the show";

  // Bad queries get a clear answer.
  expect_error(moderator->get("/api/queue?state=bogus"), 400, "unknown_state");
  expect_error(moderator->get("/api/queue?order=sideways"), 400, "unknown_order");
  expect_error(moderator->get("/api/queue?flag=rude"), 400, "unknown_flag");
  expect_error(moderator->get("/api/queue?channel=fax"), 400, "unknown_channel");
  expect_error(moderator->get("/api/queue?limit=1000"), 400, "bad_limit");
  expect_error(moderator->get("/api/queue?limit=0"), 400, "bad_id");
  expect_error(moderator->get("/api/queue?after=abc"), 400, "bad_id");
  expect_error(moderator->get("/api/queue?q=%FF%FE"), 400, "invalid_utf8");
  EXPECT_EQ(moderator->get("/api/queue?q=" + sms::url_encode("\"*) OR (")).status, 200) << "query syntax is only text";
  expect_error(client()->get("/api/queue"), 401, "not_logged_in");
}

}  // namespace
}  // namespace votercast::test
