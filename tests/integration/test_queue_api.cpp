// The queue read at national size, over HTTP: exact counts per state without reading the
// show's questions.
#include "live_server.hpp"

namespace votercast::test {
namespace {

class QueueApi : public LiveServer {};

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
  EXPECT_EQ(moderator->get("/api/queue/counts?show=" + std::to_string(show.get<std::int64_t>())).json(), counts);
  EXPECT_EQ(moderator->get("/api/queue/counts?show=waiting").json()["total"], 0) << "they joined the show";

  expect_error(moderator->get("/api/queue/counts?show=abc"), 400, "bad_id");
  expect_error(client()->get("/api/queue/counts"), 401, "not_logged_in");
  expect_error(staff("sogtvt", "agency")->get("/api/queue/counts"), 403, "forbidden");
}

}  // namespace
}  // namespace votercast::test
