// "Cụm câu hỏi" over HTTP: the realistic questions grouped as they arrive, the largest
// cluster first with its areas and channels, its questions in the queue, merged or
// rejected whole, and a selection handled in one request with each item on its own.
#include "live_server.hpp"
#include "shared_data.hpp"

namespace votercast::test {
namespace {

class Clusters : public LiveServer {
 protected:
  void SetUp() override { start(many_voters_here()); }
};

TEST_F(Clusters, TheLargestClusterFirstThenMergedWholeIntoItsFirstQuestion) {
  auto producer = staff("sanxuat", "producer");
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri — số 50"}}).status, 201);
  const auto rows = read_shared_jsonl("questions.vi.jsonl");
  auto voter = client();
  std::vector<std::int64_t> road, allowance;
  for (int round = 0; round < 2; ++round)
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (round == 1 && i != 0 && i != 10 && i != 15 && i != 6) continue;
      const auto r = voter->post("/api/questions", {{"name", "Cử tri " + std::to_string(round)},
                                                    {"area", rows[i]["area"].get<std::string>().empty() ? "Phường Hòa Phú" : rows[i]["area"]},
                                                    {"text", rows[i]["text"]}});
      ASSERT_EQ(r.status, 201) << r.body;
      const auto id = r.json()["id"].get<std::int64_t>();
      if (i == 0 || i == 10 || i == 15) road.push_back(id);
      if (i == 6 || i == 17) allowance.push_back(id);
    }
  auto moderator = staff("kiemduyet", "moderator");
  const auto listed = moderator->get("/api/clusters").json();
  ASSERT_EQ(listed["total"], 3) << listed.dump().substr(0, 800);  // road, allowance, the 550 crossroads
  const auto& first = listed["clusters"][0];
  EXPECT_EQ(first["id"], road[0]) << "the first asker's question is the cluster's";
  EXPECT_EQ(first["voters"], 6);
  EXPECT_EQ(first["pending"], 6);
  EXPECT_EQ(first["representative"]["id"], road[0]);
  EXPECT_EQ(first["areas"][0]["area"], "Phường Hòa Phú, TP. Thủ Dầu Một");
  EXPECT_EQ(first["channels"]["web"], 6);
  EXPECT_EQ(listed["clusters"][1]["voters"], 3) << "the elderly allowance: twice on the web, once by SMS text";
  EXPECT_EQ(listed["clusters"][2]["voters"], 2);

  const auto members = moderator->get("/api/queue?cluster=" + std::to_string(road[0]) + "&order=oldest").json();
  std::vector<std::int64_t> ids;
  for (const auto& q : members["questions"]) ids.push_back(q["id"].get<std::int64_t>());
  std::sort(road.begin(), road.end());
  EXPECT_EQ(ids, road);
  EXPECT_EQ(members["counts"]["total"], 6);

  // The whole queue by cluster size: the road's six first (oldest first), then the
  // allowance's three, paged by the cursor like any order.
  std::vector<std::int64_t> ranked;
  std::string path = "/api/queue?state=pending&order=largest&limit=4";
  for (int pages = 0; pages < 3; ++pages) {
    const auto page = moderator->get(path).json();
    ASSERT_EQ(page["order"], "largest") << page.dump().substr(0, 300);
    for (const auto& q : page["questions"]) ranked.push_back(q["id"].get<std::int64_t>());
    path = "/api/queue?state=pending&order=largest&limit=4&after=" + std::to_string(page["next_after"].get<std::int64_t>());
  }
  ASSERT_GE(ranked.size(), 9u);
  EXPECT_EQ(std::vector<std::int64_t>(ranked.begin(), ranked.begin() + 6), road);
  std::sort(allowance.begin(), allowance.end());
  EXPECT_EQ(ranked[6], allowance[0]);
  expect_error(moderator->get("/api/queue?order=largest&q=duong"), 400, "order_with_search");

  const auto merged = moderator->post("/api/clusters/" + std::to_string(road[0]) + "/merge", nlohmann::json::object());
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(merged.json()["changed"], 5);
  EXPECT_EQ(merged.json()["into"]["duplicate_count"], 5) << "6 voters ask it now";
  const auto after = moderator->get("/api/clusters").json();
  EXPECT_EQ(after["total"], 2) << "one question is left of it: not a cluster to read any more";
  EXPECT_EQ(moderator->get("/api/queue/counts").json()["by_state"]["merged"], 5);
  expect_error(moderator->post("/api/clusters/" + std::to_string(road[0]) + "/merge", nlohmann::json::object()), 422,
               "nothing_pending");

  const auto rejected = moderator->post("/api/clusters/" + std::to_string(allowance[0]) + "/reject", {{"reason", "đã trả lời tuần trước"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json()["changed"], 3);
  EXPECT_EQ(moderator->get("/api/clusters").json()["total"], 1);

  expect_error(moderator->post("/api/clusters/999999/merge", nlohmann::json::object()), 404, "cluster_not_found");
  expect_error(staff("sogtvt", "agency")->get("/api/clusters"), 403, "forbidden");
  expect_error(client()->post("/api/clusters/1/reject", nlohmann::json::object()), 401, "not_logged_in");
  expect_error(moderator->get("/api/clusters?limit=1000"), 400, "bad_limit");
}

TEST_F(Clusters, ASelectionIsHandledInOneRequestEachQuestionOnItsOwn) {
  auto voter = client();
  const auto a = submit(*voter, "Trường tiểu học trên địa bàn quá tải, mỗi lớp hơn 50 học sinh.");
  const auto b = submit(*voter, "Bệnh viện đa khoa thị xã thường xuyên quá tải.");
  const auto c = submit(*voter, "Khu vực ấp 3 thường xuyên cúp điện không báo trước.");
  auto moderator = staff("kiemduyet", "moderator");
  const auto r = moderator->post("/api/questions/bulk", {{"action", "approve"},
                                                         {"items", {{{"id", a["id"]}, {"version", 1}},
                                                                    {{"id", b["id"]}, {"version", 9}},
                                                                    {{"id", c["id"]}, {"version", 1}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto out = r.json();
  ASSERT_EQ(out["changed"].size(), 2u);
  EXPECT_EQ(out["changed"][0]["state"], "approved");
  ASSERT_EQ(out["refused"].size(), 1u);
  EXPECT_EQ(out["refused"][0]["id"], b["id"]);
  EXPECT_EQ(out["refused"][0]["code"], "version_conflict");
  EXPECT_EQ(moderator->get("/api/queue/counts").json()["by_state"]["approved"], 2);

  expect_error(moderator->post("/api/questions/bulk", {{"action", "erase"}, {"items", nlohmann::json::array()}}), 400, "unknown_action");
  expect_error(moderator->post("/api/questions/bulk", {{"action", "approve"}, {"items", nlohmann::json::array()}}), 400, "bad_items");
  expect_error(moderator->post("/api/questions/bulk", {{"action", "approve"}, {"items", {1, 2}}}), 400, "bad_items");
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 501; ++i) many.push_back({{"id", i + 1}, {"version", 1}});
  expect_error(moderator->post("/api/questions/bulk", {{"action", "reject"}, {"items", many}}), 400, "bad_items");
  expect_error(moderator->post("/api/questions/bulk", {{"action", "merge"}, {"items", {{{"id", 1}, {"version", 1}}}}}), 400,
               "into_required");
  expect_error(staff("trucdt", "screener")->post("/api/questions/bulk", {{"action", "approve"}, {"items", {{{"id", 1}, {"version", 1}}}}}),
               403, "forbidden");
}

}  // namespace
}  // namespace votercast::test
