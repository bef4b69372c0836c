// The overlay page's access to the on-air scene: a token instead of a session,
// read-only, and a server-sent event stream of scene changes.
#include <regex>

#include "live_server.hpp"

namespace votercast::test {
namespace {

class OverlayAccess : public LiveServer {
 protected:
  std::string token() {
    std::smatch m;
    const auto out = server->output();
    EXPECT_TRUE(std::regex_search(out, m, std::regex("overlay\\?token=([a-z0-9]+)"))) << out;
    return m.size() > 1 ? m[1].str() : "";
  }
};

TEST_F(OverlayAccess, TheTokenReadsTheSceneAndNothingElse) {
  const auto t = token();
  ASSERT_EQ(t.size(), 20u);
  auto anonymous = client();
  const auto scene = anonymous->get("/api/program/scene?token=" + t);
  ASSERT_EQ(scene.status, 200) << scene.body;
  EXPECT_TRUE(scene.json()["scene"].contains("question_card"));
  EXPECT_EQ(anonymous->get("/api/program/scene?token=" + t.substr(1)).status, 403);
  EXPECT_EQ(anonymous->get("/api/program/scene?token=").status, 403);
  EXPECT_EQ(anonymous->get("/api/program/scene").status, 401);
  // The token opens nothing that changes the programme or shows staff data.
  EXPECT_EQ(anonymous->request("PATCH", "/api/program/scene/qr?token=" + t, R"({"visible":true})").status, 401);
  EXPECT_EQ(anonymous->get("/api/questions?token=" + t).status, 401);
  EXPECT_EQ(anonymous->get("/api/program/health?token=" + t).status, 401);

  // Operators find the address in the API; the token stays the same across restarts.
  auto op = staff("vanhanh", "operator");
  const auto address = op->get("/api/program/overlay");
  ASSERT_EQ(address.status, 200);
  EXPECT_NE(address.json()["url"].get<std::string>().find("/overlay?token=" + t), std::string::npos);
  ASSERT_EQ(server->stop(), 0);
  start();
  EXPECT_EQ(server->output().find(t), std::string::npos) << "the token is printed on the first start only:\n"
                                                          << server->output();
  EXPECT_NE(server->output().find("/api/program/overlay"), std::string::npos) << "later starts say where it is";
  EXPECT_EQ(client()->get("/api/program/scene?token=" + t).status, 200) << "the token stays the same across restarts";
}

TEST_F(OverlayAccess, TheEventStreamStartsWithTheSceneOnAir) {
  auto op = staff("vanhanh", "operator");
  ASSERT_EQ(op->request("PATCH", "/api/program/scene/qr", R"({"visible":true})").status, 200);
  auto anonymous = client();
  const auto raw = anonymous->raw("GET /api/program/scene/events?token=" + token() +
                                      " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                                  std::chrono::milliseconds(700));
  EXPECT_NE(raw.find("HTTP/1.1 200"), std::string::npos) << raw;
  EXPECT_NE(raw.find("text/event-stream"), std::string::npos);
  const auto data = raw.find("\r\n\r\ndata: ");
  ASSERT_NE(data, std::string::npos) << raw;
  const auto end = raw.find("\n\n", data + 4);
  ASSERT_NE(end, std::string::npos) << raw;
  const auto event = nlohmann::json::parse(raw.substr(data + 10, end - data - 10));
  EXPECT_EQ(event["scene"]["qr"]["visible"], true);
  EXPECT_EQ(anonymous->get("/api/program/scene/events?token=wrong").status, 403);
}

}  // namespace
}  // namespace votercast::test
