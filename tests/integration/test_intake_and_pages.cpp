// The producer's intake switch and the pages the server renders for voters.
#include "live_server.hpp"

namespace votercast::test {
namespace {

class IntakeAndPages : public LiveServer {};

TEST_F(IntakeAndPages, OnlyAProducerPausesIntakeAndThePauseSurvivesARestart) {
  auto anonymous = client();
  EXPECT_EQ(anonymous->get("/api/intake").json()["paused"], false);
  EXPECT_EQ(anonymous->request("PUT", "/api/intake", R"({"paused":true})").status, 401);
  auto moderator = staff("kiemduyet", "moderator");
  EXPECT_EQ(moderator->request("PUT", "/api/intake", R"({"paused":true})").status, 403);
  auto producer = staff("sanxuat", "producer");
  EXPECT_EQ(producer->request("PUT", "/api/intake", R"({"paused":"yes"})").status, 400);
  EXPECT_EQ(producer->request("PUT", "/api/intake", R"({})").status, 400);
  const auto paused = producer->request("PUT", "/api/intake", R"({"paused":true})");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(paused.json()["paused"], true);

  const auto refused = anonymous->post("/api/questions", {{"text", "Khi nào sửa đường ĐT743?"}});
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.json()["error"]["code"], "intake_paused");
  EXPECT_EQ(refused.header("retry-after"), "60");
  EXPECT_EQ(anonymous->get("/api/config/public").json()["intake_paused"], true);
  // Staff still type in call-ins while the public intake is paused.
  const auto callin = moderator->post("/api/questions", {{"text", "Người gọi hỏi về cầu Phú Cường"}, {"channel", "callin"}});
  EXPECT_EQ(callin.status, 201) << callin.body;

  ASSERT_EQ(server->stop(), 0);
  start();
  auto after_restart = client();
  EXPECT_EQ(after_restart->get("/api/intake").json()["paused"], true);
  EXPECT_EQ(after_restart->post("/api/questions", {{"text", "Khi nào sửa đường?"}}).status, 503);
  auto producer_again = login("sanxuat", "mat-khau-sanxuat");
  EXPECT_EQ(producer_again->request("PUT", "/api/intake", R"({"paused":false})").status, 200);
  EXPECT_EQ(after_restart->post("/api/questions", {{"text", "Khi nào sửa đường?"}}).status, 201);
}

TEST_F(IntakeAndPages, PagesCarryAPolicyThatForbidsInlineScript) {
  auto c = client();
  for (const std::string path : {"/", "/index.html"}) {
    const auto r = c->get(path);
    ASSERT_EQ(r.status, 200) << path;
    const auto csp = r.header("content-security-policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path << ": " << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
  }
  EXPECT_EQ(c->get("/voter.js").header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(c->get("/no-such-page").status, 404);
}

TEST_F(IntakeAndPages, TheTicketPageEscapesVoterTextAndAcceptsSloppyCodes) {
  auto c = client();
  const auto created = submit(*c, "<script>alert('xss')</script> Khi nào sửa đường?");
  const std::string ticket = created["ticket"];
  const auto page = c->get("/t/" + ticket);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("Đã tiếp nhận"), std::string::npos);
  EXPECT_NE(page.header("content-security-policy").find("script-src 'self'"), std::string::npos);

  std::string sloppy = ticket.substr(0, 4) + "-" + ticket.substr(4);
  for (auto& ch : sloppy) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto lookup = c->get("/t?ticket=" + sloppy);
  EXPECT_EQ(lookup.status, 303);
  EXPECT_EQ(lookup.header("location"), "/t/" + ticket);
  EXPECT_EQ(c->get("/t/" + sloppy).status, 200);
  EXPECT_EQ(c->get("/t/ZZZZZZZZ").status, 404);
  EXPECT_EQ(c->get("/t/%3Cb%3E").status, 404);
  EXPECT_EQ(c->get("/t/%3Cb%3E").body.find("<b>"), std::string::npos);
}

TEST_F(IntakeAndPages, TheNoScriptFormGetsPagesForSuccessAndRefusal) {
  auto c = client();
  const Headers form = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}};
  const auto sent = c->request("POST", "/api/questions", "name=Nguy%E1%BB%85n&text=H%E1%BB%8Fi+v%E1%BB%81+%C4%91%C6%B0%E1%BB%9Dng", form);
  EXPECT_EQ(sent.status, 201);
  EXPECT_NE(sent.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(sent.body.find("id=\"ticket\""), std::string::npos);
  const auto empty = c->request("POST", "/api/questions", "text=+++", form);
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(empty.body.find("Vui lòng nhập nội dung câu hỏi"), std::string::npos) << empty.body;
}

}  // namespace
}  // namespace votercast::test
