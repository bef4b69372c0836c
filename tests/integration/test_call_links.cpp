// Video call links through the server (docs/CALLINS.md, "Joining" and "Signalling"): the
// screener makes a one-time link for a caller, the caller's phone opens it and joins (one
// phone only), its socket marks the caller waiting for video and carries signalling, the
// studio's decisions reach the phone, links expire and are revoked, a short code leads to
// the link, and no more than [calls] max_calls phones connect at once.
#include <regex>

#include "core/store/database.hpp"
#include "live_server.hpp"

namespace votercast::test {
namespace {

class CallLinks : public LiveServer {
 protected:
  nlohmann::json log_call(HttpClient& c, const std::string& name = "Nguyễn Thị Mai") {
    const auto r = c.post("/api/callers", {{"name", name}, {"area", "Phường Dĩ An"}, {"phone", "0912 345 678"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  static std::string path_of(const nlohmann::json& caller) {
    return "/api/callers/" + std::to_string(caller["id"].get<std::int64_t>());
  }
  nlohmann::json make_link(HttpClient& c, const nlohmann::json& caller, int expect = 201) {
    const auto r = c.request("POST", path_of(caller) + "/call-link");
    EXPECT_EQ(r.status, expect) << r.body;
    return r.json();
  }
  static std::string token_of(const nlohmann::json& link) {
    std::smatch m;
    const std::string url = link["url"];
    EXPECT_TRUE(std::regex_match(url, m, std::regex(R"(^http://localhost:8080/call/([A-Za-z0-9_-]{43})$)"))) << url;
    return m.size() > 1 ? m[1].str() : "";
  }
  nlohmann::json caller_now(HttpClient& c, const nlohmann::json& caller) { return c.get(path_of(caller)).json(); }
  // The caller's video state, once it reads `want` (the socket's close is recorded soon after).
  bool video_becomes(HttpClient& c, const nlohmann::json& caller, const std::string& want) {
    for (int i = 0; i < 100; ++i) {
      if (caller_now(c, caller)["video"] == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  std::unique_ptr<WsClient> phone_socket(HttpClient& phone, const std::string& token) {
    return std::make_unique<WsClient>(server->port(), "/call/" + token + "/ws", &phone);
  }
  std::optional<nlohmann::json> next_of_type(WsClient& ws, const std::string& type) {
    while (auto frame = ws.next())
      if ((*frame)["type"] == type) return frame;
    return std::nullopt;
  }
};

TEST_F(CallLinks, AOneTimeLinkLetsOnePhoneJoinAndWaitForTheStudio) {
  auto screener = staff("trucdt", "screener");
  auto mai = log_call(*screener);
  EXPECT_EQ(mai["video"], "");

  const auto link = make_link(*screener, mai);
  const auto token = token_of(link);
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(std::regex_match(link["code"].get<std::string>(), std::regex("[0-9]{6}"))) << link;
  EXPECT_TRUE(link["expires_at"].is_string());
  EXPECT_EQ(link["caller"]["video"], "invited");
  EXPECT_EQ(caller_now(*screener, mai)["video"], "invited");

  // The token is in that one answer: the database holds its hash only.
  {
    core::store::Database file(db, core::store::Database::Mode::read_only);
    EXPECT_EQ(file.prepare("SELECT count(*) FROM call_links WHERE token_hash = ?").bind(1, token).scalar_int64(), 0);
    EXPECT_EQ(file.prepare("SELECT count(*) FROM call_links WHERE caller_id = ?").bind(1, mai["id"].get<std::int64_t>()).scalar_int64(), 1);
    EXPECT_EQ(file.prepare("SELECT count(*) FROM events WHERE payload LIKE '%' || ? || '%'").bind(1, token).scalar_int64(), 0);
  }

  // The caller's phone: the page, then the join (the link's one use) seats it.
  auto phone = client();
  const auto page = phone->get("/call/" + token);
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(page.header("content-type").starts_with("text/html"));
  EXPECT_EQ(page.header("cache-control"), "no-store");
  EXPECT_EQ(page.header("referrer-policy"), "no-referrer");
  EXPECT_NE(page.body.find("/call.js"), std::string::npos);
  const auto joined = phone->request("POST", "/call/" + token + "/join");
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(joined.json()["name"], "Nguyễn Thị Mai");
  EXPECT_TRUE(phone->cookie("vc_call_seat"));
  EXPECT_NE(joined.header("set-cookie").find("HttpOnly"), std::string::npos);
  // A reload on the same phone comes back in.
  EXPECT_EQ(phone->get("/call/" + token).status, 200);
  EXPECT_EQ(phone->request("POST", "/call/" + token + "/join").status, 200);

  // Anyone else with the link (forwarded, overheard) does not.
  auto other = client();
  const auto refused_page = other->get("/call/" + token);
  EXPECT_EQ(refused_page.status, 410);
  EXPECT_NE(refused_page.body.find("đã được dùng"), std::string::npos);
  expect_error(other->request("POST", "/call/" + token + "/join"), 410, "call_link_used");
  WsClient stranger(server->port(), "/call/" + token + "/ws", other.get());
  EXPECT_FALSE(stranger.connected());
  EXPECT_EQ(stranger.http_status(), 410);

  // The staff stream sees the caller waiting for video.
  WsClient console(server->port(), "/ws", screener.get());
  ASSERT_TRUE(console.connected());
  ASSERT_TRUE(next_of_type(console, "snapshot"));

  auto socket = phone_socket(*phone, token);
  ASSERT_TRUE(socket->connected()) << socket->http_status() << " " << socket->refusal_body();
  const auto hello = socket->next();
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)["type"], "hello");
  EXPECT_EQ((*hello)["state"], "waiting");
  const auto update = next_of_type(console, "caller.updated");
  ASSERT_TRUE(update);
  EXPECT_EQ((*update)["change"], "video");
  EXPECT_EQ((*update)["caller"]["video"], "waiting");
  EXPECT_EQ((*update)["caller"]["phone"], "+84912345678") << "the screener sees numbers";
  EXPECT_EQ(caller_now(*screener, mai)["video"], "waiting");

  // Signalling: an offer the studio cannot take is refused in words (a real one is
  // answered: web_unit's StudioSignalling tests, e2e call_media); the socket stays up, a
  // ping is answered, anything that is not signalling is refused in words.
  EXPECT_TRUE(socket->send_text(R"({"type":"offer","sdp":"v=0\r\n"})"));
  const auto refused = next_of_type(*socket, "error");
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "bad_offer");
  EXPECT_FALSE((*refused)["message"].get<std::string>().empty());
  EXPECT_EQ(screener->get(path_of(mai) + "/call").status, 404) << "the refused offer left no link";
  EXPECT_TRUE(socket->send_text(R"({"type":"ice","candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMLineIndex":0})"));
  EXPECT_TRUE(socket->send_text(R"({"type":"ping"})"));
  const auto pong = socket->next();
  ASSERT_TRUE(pong);
  EXPECT_EQ((*pong)["type"], "pong") << "a candidate with no call to go to is not answered";
  EXPECT_TRUE(socket->send_text("not json"));
  EXPECT_EQ((*socket->next())["code"], "bad_message");
  EXPECT_TRUE(socket->send_text(R"({"type":"take_me_to_air"})"));
  EXPECT_EQ((*socket->next())["code"], "unknown_type");

  // Hanging up marks the caller as gone.
  socket->close();
  EXPECT_TRUE(video_becomes(*screener, mai, "left"));
}

TEST_F(CallLinks, TheStudiosDecisionsReachThePhone) {
  auto screener = staff("trucdt", "screener");
  auto producer = staff("sanxuat", "producer");
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 12"}}).status, 201);
  auto mai = log_call(*screener);
  const auto token = token_of(make_link(*screener, mai));
  auto phone = client();
  ASSERT_EQ(phone->request("POST", "/call/" + token + "/join").status, 200);
  auto socket = phone_socket(*phone, token);
  ASSERT_TRUE(socket->connected());
  ASSERT_TRUE(next_of_type(*socket, "hello"));

  auto move = [&](HttpClient& who, const std::string& to) {
    const auto now = caller_now(who, mai);
    const auto r = who.post(path_of(mai) + "/transition", {{"to", to}, {"version", now["version"]}});
    EXPECT_EQ(r.status, 200) << r.body;
  };
  move(*screener, "screened");
  move(*screener, "next");
  move(*producer, "on_air");
  std::optional<nlohmann::json> on_air;
  while ((on_air = next_of_type(*socket, "state")) && (*on_air)["state"] != "on_air") {
  }
  ASSERT_TRUE(on_air) << "the phone hears that it is on air";
  move(*producer, "done");
  const auto ended = next_of_type(*socket, "ended");
  ASSERT_TRUE(ended);
  EXPECT_EQ((*ended)["code"], "call_ended");
  EXPECT_TRUE(video_becomes(*screener, mai, "left"));
  // A finished call cannot be joined again, nor given a new link.
  EXPECT_EQ(phone->get("/call/" + token).status, 410);
  expect_error(screener->request("POST", path_of(mai) + "/call-link"), 409, "caller_ended");
}

TEST_F(CallLinks, ANewLinkRevokesTheOldOneAndRevokingEndsTheCall) {
  auto screener = staff("trucdt", "screener");
  auto mai = log_call(*screener);
  const auto first = token_of(make_link(*screener, mai));
  const auto second = token_of(make_link(*screener, mai));
  EXPECT_NE(first, second);
  auto phone = client();
  EXPECT_EQ(phone->get("/call/" + first).status, 410);
  expect_error(phone->request("POST", "/call/" + first + "/join"), 410, "call_link_revoked");
  ASSERT_EQ(phone->request("POST", "/call/" + second + "/join").status, 200);
  auto socket = phone_socket(*phone, second);
  ASSERT_TRUE(socket->connected());
  ASSERT_TRUE(next_of_type(*socket, "hello"));

  const auto revoked = screener->request("DELETE", path_of(mai) + "/call-link");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json()["revoked"], 1);
  const auto ended = next_of_type(*socket, "ended");
  ASSERT_TRUE(ended);
  EXPECT_EQ((*ended)["code"], "call_link_revoked");
  EXPECT_TRUE(video_becomes(*screener, mai, "left"));
  EXPECT_EQ(phone->get("/call/" + second).status, 410) << "a revoked link lets nobody back, not even its phone";
  WsClient again(server->port(), "/call/" + second + "/ws", phone.get());
  EXPECT_EQ(again.http_status(), 410);
  // Revoking twice is no error; there is nothing left to revoke.
  EXPECT_EQ(screener->request("DELETE", path_of(mai) + "/call-link").json()["revoked"], 0);
}

TEST_F(CallLinks, AnExpiredLinkIsGoneWithAClearMessage) {
  auto screener = staff("trucdt", "screener");
  auto mai = log_call(*screener);
  const auto link = make_link(*screener, mai);
  const auto token = token_of(link);
  {
    // Two hours pass.
    core::store::Database file(db);
    file.prepare("UPDATE call_links SET expires_at = 1 WHERE caller_id = ?").bind(1, mai["id"].get<std::int64_t>()).run();
  }
  auto phone = client();
  const auto page = phone->get("/call/" + token);
  EXPECT_EQ(page.status, 410);
  EXPECT_NE(page.body.find("Liên kết gọi video này đã hết hạn"), std::string::npos) << page.body;
  const auto join = phone->request("POST", "/call/" + token + "/join");
  expect_error(join, 410, "call_link_expired");
  EXPECT_NE(join.json()["error"]["message"].get<std::string>().find("đã hết hạn"), std::string::npos);
  EXPECT_EQ(phone->get("/call?code=" + link["code"].get<std::string>()).status, 404) << "its code has gone with it";
}

TEST_F(CallLinks, TheShortCodeLeadsToTheLinkWithAFreshToken) {
  auto screener = staff("trucdt", "screener");
  auto mai = log_call(*screener);
  const auto link = make_link(*screener, mai);
  const auto old_token = token_of(link);
  const std::string code = link["code"];

  auto phone = client();
  const auto form = phone->get("/call");
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"code\""), std::string::npos);
  // Read out on air as "123 456".
  const auto found = phone->get("/call?code=" + code.substr(0, 3) + "%20" + code.substr(3));
  ASSERT_EQ(found.status, 303) << found.body;
  const auto location = found.header("location");
  ASSERT_TRUE(std::regex_match(location, std::regex(R"(^/call/[A-Za-z0-9_-]{43}$)"))) << location;
  EXPECT_NE(location, "/call/" + old_token);
  EXPECT_EQ(phone->get(location).status, 200);
  EXPECT_EQ(phone->get("/call/" + old_token).status, 404) << "one way in at a time";
  ASSERT_EQ(phone->request("POST", location + "/join").status, 200);
  // Used, the code leads nowhere.
  EXPECT_EQ(client()->get("/call?code=" + code).status, 404);

  const auto wrong = phone->get("/call?code=" + std::string(code == "000000" ? "000001" : "000000"));
  EXPECT_EQ(wrong.status, 404);
  EXPECT_NE(wrong.body.find("Mã số không đúng hoặc đã hết hạn"), std::string::npos);
  EXPECT_EQ(phone->get("/call?code=12ab56").status, 400);
  EXPECT_EQ(phone->get("/call?code=%3Cscript%3E").body.find("<script>"), std::string::npos);
}

TEST_F(CallLinks, GuessingCodesIsSlowedDown) {
  auto guesser = client();
  int refused = 0;
  for (int i = 0; i < 15; ++i)
    if (guesser->get("/call?code=" + std::to_string(100000 + i)).status == 429) ++refused;
  EXPECT_GE(refused, 4) << "a burst of ten, then one a minute";
}

TEST_F(CallLinks, OnlyScreenersMakeLinksAndBadRequestsAreRefused) {
  auto screener = staff("trucdt", "screener");
  auto mai = log_call(*screener);
  expect_error(client()->request("POST", path_of(mai) + "/call-link"), 401, "not_logged_in");
  expect_error(staff("bientap", "moderator")->request("POST", path_of(mai) + "/call-link"), 403, "forbidden");
  expect_error(staff("phongmay", "operator")->request("DELETE", path_of(mai) + "/call-link"), 403, "forbidden");
  make_link(*staff("sanxuat", "producer"), mai);
  expect_error(screener->request("POST", "/api/callers/999999/call-link"), 404, "caller_not_found");
  expect_error(screener->request("DELETE", "/api/callers/999999/call-link"), 404, "caller_not_found");
  expect_error(screener->request("POST", "/api/callers/abc/call-link"), 400, "bad_id");
  // No gateway sends SMS here.
  expect_error(screener->request("POST", path_of(mai) + "/call-link", R"({"send_sms": true})"), 409, "sms_unavailable");
  expect_error(screener->request("POST", path_of(mai) + "/call-link", "[1"), 400, "malformed_json");

  auto phone = client();
  EXPECT_EQ(phone->get("/call/not-a-token").status, 404);
  EXPECT_EQ(phone->get("/call/" + std::string(43, 'A')).status, 404);
  expect_error(phone->request("POST", "/call/" + std::string(43, 'A') + "/join"), 404, "call_link_unknown");
  WsClient nobody(server->port(), "/call/" + std::string(43, 'A') + "/ws", phone.get());
  EXPECT_EQ(nobody.http_status(), 404);
  // Another site's page cannot use a caller's link up.
  const auto token = token_of(make_link(*screener, mai));
  expect_error(phone->request("POST", "/call/" + token + "/join", "", {{"Origin", "https://evil.example"}}), 403,
               "cross_origin");
}

class CallLinesLimit : public CallLinks {
 protected:
  void SetUp() override {
    const auto path = dir.file("calls.json");
    std::ofstream(path) << R"({"calls": {"max_calls": 1}})";
    start({"--config", path});
  }
};

TEST_F(CallLinesLimit, PhonesBeyondMaxCallsAreToldTheLinesAreBusy) {
  auto screener = staff("trucdt", "screener");
  auto mai = log_call(*screener, "Nguyễn Thị Mai");
  auto hung = log_call(*screener, "Trần Văn Hùng");
  const auto mai_token = token_of(make_link(*screener, mai));
  const auto hung_token = token_of(make_link(*screener, hung));
  auto mai_phone = client();
  auto hung_phone = client();
  ASSERT_EQ(mai_phone->request("POST", "/call/" + mai_token + "/join").status, 200);
  ASSERT_EQ(hung_phone->request("POST", "/call/" + hung_token + "/join").status, 200);

  auto mai_socket = phone_socket(*mai_phone, mai_token);
  ASSERT_TRUE(mai_socket->connected());
  auto hung_socket = phone_socket(*hung_phone, hung_token);
  EXPECT_EQ(hung_socket->http_status(), 503);
  EXPECT_NE(hung_socket->refusal_body().find("calls_full"), std::string::npos) << hung_socket->refusal_body();
  // A third caller's link is not used up by a refusal: they can try again later.
  auto lan = log_call(*screener, "Lê Thị Lan");
  const auto lan_token = token_of(make_link(*screener, lan));
  auto lan_phone = client();
  expect_error(lan_phone->request("POST", "/call/" + lan_token + "/join"), 503, "calls_full");
  // Mai's phone coming back (a reload) is never refused.
  auto mai_again = phone_socket(*mai_phone, mai_token);
  ASSERT_TRUE(mai_again->connected());
  EXPECT_EQ((*next_of_type(*mai_socket, "ended"))["code"], "replaced");

  // A line frees: the next phone gets in.
  mai_again->close();
  EXPECT_TRUE(video_becomes(*screener, mai, "left"));
  EXPECT_EQ(lan_phone->request("POST", "/call/" + lan_token + "/join").status, 200);
  auto lan_socket = phone_socket(*lan_phone, lan_token);
  EXPECT_TRUE(lan_socket->connected());
}

}  // namespace
}  // namespace votercast::test
