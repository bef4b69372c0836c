// A server killed in the middle of a show comes back with the programme's graphics as
// they were: the card, the ticker, the caller's lower third and the poll's bars, which
// go on following their desks. A scene from a show since closed never comes back.
#include <chrono>
#include <thread>

#include "live_server.hpp"

namespace votercast::test {
namespace {

class SceneResume : public LiveServer {
 protected:
  nlohmann::json scene(HttpClient& c) { return c.get("/api/program/scene").json()["scene"]; }
  HttpResult patch(HttpClient& c, const std::string& layer, const nlohmann::json& body) {
    return c.request("PATCH", "/api/program/scene/" + layer, body.dump());
  }
  void restart_after_kill9() {
    server->kill9();
    start();
  }
  std::unique_ptr<HttpClient> again(const std::string& name) { return login(name, "mat-khau-" + name); }
  static std::int64_t id_of(const nlohmann::json& j) { return j["id"].get<std::int64_t>(); }
};

TEST_F(SceneResume, TheCardAndTickerComeBackAfterSigkillButNotIntoTheNextShow) {
  auto producer = staff("sanxuat", "producer");
  auto op = staff("dieukhien", "operator");
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 12"}}).status, 201);
  ASSERT_EQ(patch(*op, "question_card", {{"visible", true},
                                         {"asker", "Nguyễn Thị Mai"},
                                         {"area", "Phường Hòa Phú"},
                                         {"text", "Khi nào sửa đường ĐT743 <b>đoạn</b> qua phường?"}})
                .status,
            200);
  ASSERT_EQ(patch(*op, "ticker", {{"visible", true}, {"items", {"Gửi câu hỏi: votercast.vn/hoi", "Nhắn DT gửi 8077"}}})
                .status,
            200);
  const auto before = scene(*op);

  restart_after_kill9();
  op = again("dieukhien");
  const auto after = scene(*op);
  EXPECT_EQ(after["question_card"], before["question_card"]);
  EXPECT_EQ(after["ticker"], before["ticker"]);
  EXPECT_EQ(after["question_card"]["visible"], true);

  // The show ends; whatever starts next starts from the opening scene.
  producer = again("sanxuat");
  ASSERT_EQ(producer->post("/api/shows/current/close", nlohmann::json::object()).status, 200);
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 13"}}).status, 201);
  restart_after_kill9();
  op = again("dieukhien");
  EXPECT_EQ(scene(*op)["question_card"]["visible"], false) << "last week's card stays in last week";
  EXPECT_EQ(scene(*op)["ticker"]["visible"], false);
}

TEST_F(SceneResume, TheCallersLowerThirdAndThePollsBarsKeepFollowingTheirDesks) {
  auto producer = staff("sanxuat", "producer");
  auto op = staff("dieukhien", "operator");
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 12"}}).status, 201);

  auto caller = producer->post("/api/callers", {{"name", "Trần Văn Hùng"}, {"area", "TP. Dĩ An"}, {"phone", "0912345678"}})
                    .json();
  for (const auto* to : {"screened", "next", "on_air"}) {
    const auto r = producer->post("/api/callers/" + std::to_string(id_of(caller)) + "/transition",
                                  {{"to", to}, {"version", caller["version"]}});
    ASSERT_EQ(r.status, 200) << to << ": " << r.body;
    caller = r.json();
  }
  auto poll = producer->post("/api/polls", {{"title", "Bạn có hài lòng với tiến độ sửa đường?"},
                                            {"options", {{{"code", "A"}, {"label", "Có"}}, {{"code", "B"}, {"label", "Chưa"}}}}})
                  .json();
  poll = producer->post("/api/polls/" + std::to_string(id_of(poll)) + "/open", {{"version", poll["version"]}}).json();
  const auto on_air = op->request("PUT", "/api/polls/" + std::to_string(id_of(poll)) + "/on_air",
                                  nlohmann::json{{"visible", true}}.dump());
  ASSERT_EQ(on_air.status, 200) << on_air.body;

  restart_after_kill9();
  op = again("dieukhien");
  producer = again("sanxuat");
  auto shown = scene(*op);
  EXPECT_EQ(shown["lower_third"]["visible"], true);
  EXPECT_EQ(shown["lower_third"]["name"], "Trần Văn Hùng");
  EXPECT_EQ(shown["poll"]["visible"], true);

  // A vote after the restart moves the bars on air (a few ticks a second).
  auto voter = client();
  voter->get("/api/polls/current");  // the voter page's load gives the device cookie a vote needs
  ASSERT_EQ(voter->post("/api/polls/" + std::to_string(id_of(poll)) + "/vote", {{"option", "B"}}).status, 200);
  nlohmann::json votes;
  for (int i = 0; i < 50; ++i) {
    votes = scene(*op)["poll"]["options"][1]["votes"];
    if (votes == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(votes, 1) << "the resumed poll layer follows the counts";

  // Ending the call takes the resumed lower third down, as it would have before.
  caller = producer->get("/api/callers/" + std::to_string(id_of(caller))).json();
  const auto done = producer->post("/api/callers/" + std::to_string(id_of(caller)) + "/transition",
                                   {{"to", "done"}, {"version", caller["version"]}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(scene(*op)["lower_third"]["visible"], false);
}

}  // namespace
}  // namespace votercast::test
