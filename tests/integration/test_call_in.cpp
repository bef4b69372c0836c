// The call-in lines through the server: the screener logs and screens callers, only
// the studio puts one on air (which shows their lower third), callers link to
// questions, a show's lines close with it, and staff without the right see
// phone numbers masked everywhere: answers, snapshots and live events.
#include "live_server.hpp"

namespace votercast::test {
namespace {

class CallIn : public LiveServer {
 protected:
  nlohmann::json log_call(HttpClient& c, nlohmann::json body, int expect = 201) {
    const auto r = c.post("/api/callers", body);
    EXPECT_EQ(r.status, expect) << r.body;
    return r.json();
  }
  nlohmann::json move(HttpClient& c, const nlohmann::json& caller, const std::string& to, int expect = 200) {
    const auto r = c.post("/api/callers/" + std::to_string(caller["id"].get<std::int64_t>()) + "/transition",
                          {{"to", to}, {"version", caller["version"]}});
    EXPECT_EQ(r.status, expect) << to << ": " << r.body;
    return r.json();
  }
  nlohmann::json caller(HttpClient& c, const nlohmann::json& caller) {
    return c.get("/api/callers/" + std::to_string(caller["id"].get<std::int64_t>())).json();
  }
  nlohmann::json lower_third(HttpClient& c) { return c.get("/api/program/scene").json()["scene"]["lower_third"]; }
  void open_show(HttpClient& producer) {
    const auto r = producer.post("/api/shows", {{"title", "Đối thoại với cử tri số 12"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  // Reads frames until one of `type` arrives (5 s at most per frame).
  std::optional<nlohmann::json> next_of_type(WsClient& ws, const std::string& type) {
    while (auto frame = ws.next())
      if ((*frame)["type"] == type) return frame;
    return std::nullopt;
  }

  const nlohmann::json mai = {{"name", "Nguye\xcc\x82\xcc\x83n Thị Mai"},  // NFD on the way in
                              {"area", "Phường Dĩ An"},
                              {"phone", "0912 345 678"},
                              {"point", "Đường ĐT743 ngập mỗi khi mưa, xin hỏi khi nào sửa?"},
                              {"topic", "Giao thông"},
                              {"notes", "Nói rõ, giọng miền Nam"},
                              {"alerts", {"gọi lần 2"}}};
};

TEST_F(CallIn, TheScreenerScreensAndOnlyTheStudioPutsACallerOnAir) {
  auto screener = staff("trucdt", "screener");
  auto producer = staff("sanxuat", "producer");
  open_show(*producer);

  auto c = log_call(*screener, mai);
  EXPECT_EQ(c["name"], "Nguyễn Thị Mai") << "stored in NFC";
  EXPECT_EQ(c["phone"], "+84912345678") << "E.164";
  EXPECT_EQ(c["phone_masked"], false) << "the screener calls back";
  EXPECT_EQ(c["state"], "waiting");
  EXPECT_EQ(c["alerts"], nlohmann::json({"gọi lần 2"}));
  EXPECT_EQ(c["previous_calls"], 0);
  EXPECT_FALSE(c["show_id"].is_null());

  c = move(*screener, c, "screened");
  c = move(*screener, c, "next");
  EXPECT_EQ(caller(*screener, c)["next_states"], nlohmann::json({"screened", "on_air", "dropped"}));
  const auto refused = move(*screener, c, "on_air", 403);
  EXPECT_EQ(refused["error"]["code"], "forbidden");
  EXPECT_EQ(caller(*producer, c)["state"], "next") << "a refusal changes nothing";
  EXPECT_EQ(lower_third(*producer)["visible"], false);

  c = move(*producer, c, "on_air");
  EXPECT_EQ(c["state"], "on_air");
  EXPECT_FALSE(c["on_air_at"].is_null());
  EXPECT_TRUE(c["scene_generation"].is_number());
  auto shown = lower_third(*producer);
  EXPECT_EQ(shown["visible"], true);
  EXPECT_EQ(shown["name"], "Nguyễn Thị Mai");
  EXPECT_EQ(shown["area"], "Phường Dĩ An");
  EXPECT_EQ(shown["topic"], "Giao thông");
  EXPECT_EQ(producer->get("/api/program/scene").json()["scene"]["question_card"]["visible"], false)
      << "the card gives the caller its place";

  // What the lower third shows is the studio's once the caller is on air: the
  // screener may not rewrite it, and may still keep notes.
  const auto path = "/api/callers/" + std::to_string(c["id"].get<std::int64_t>());
  const auto rewritten =
      screener->request("PATCH", path, nlohmann::json{{"version", c["version"]}, {"name", "Ai đó khác"}}.dump());
  ASSERT_EQ(rewritten.status, 403) << rewritten.body;
  EXPECT_EQ(rewritten.json()["error"]["code"], "caller_on_air");
  EXPECT_EQ(lower_third(*producer)["name"], "Nguyễn Thị Mai");
  EXPECT_EQ(caller(*producer, c)["name"], "Nguyễn Thị Mai") << "a refusal changes nothing";
  const auto noted =
      screener->request("PATCH", path, nlohmann::json{{"version", c["version"]}, {"notes", "Gọi lại sau"}}.dump());
  ASSERT_EQ(noted.status, 200) << noted.body;
  c = noted.json();

  // A name the producer corrects while on air is corrected on the programme.
  const auto renamed =
      producer->request("PATCH", path, nlohmann::json{{"version", c["version"]}, {"name", "Nguyễn Thị Mai Anh"}}.dump());
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  c = renamed.json();
  EXPECT_EQ(lower_third(*producer)["name"], "Nguyễn Thị Mai Anh");

  // Once on air, ending the call is the studio's too.
  EXPECT_EQ(move(*screener, c, "dropped", 403)["error"]["code"], "forbidden");
  c = move(*producer, c, "done");
  EXPECT_FALSE(c["ended_at"].is_null());
  EXPECT_TRUE(c["scene_generation"].is_number());
  EXPECT_EQ(lower_third(*producer)["visible"], false) << "the lower third goes with the call";
  EXPECT_EQ(move(*producer, c, "waiting", 422)["error"]["code"], "invalid_transition") << "done is final";
}

TEST_F(CallIn, OneCallerIsOnAirAtATimeAndTheOperatorTakesAndDrops) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  auto first = log_call(*screener, mai);
  auto second = log_call(*screener, {{"name", "Lê Văn Tám"}, {"area", "Xã An Bình"}, {"phone", "84912345678"}});
  EXPECT_EQ(second["previous_calls"], 1) << "the same number in another form is the same caller";
  EXPECT_EQ(log_call(*op, {{"name", "Ai đó"}}, 403)["error"]["code"], "forbidden") << "the operator does not screen";

  for (auto* c : {&first, &second}) {
    *c = move(*screener, *c, "screened");
    *c = move(*screener, *c, "next");
  }
  EXPECT_EQ(move(*op, first, "screened", 403)["error"]["code"], "forbidden");
  first = move(*op, first, "on_air");
  EXPECT_EQ(move(*op, second, "on_air", 409)["error"]["code"], "another_caller_on_air");
  first = move(*op, first, "dropped");  // the line fell
  EXPECT_EQ(lower_third(*op)["visible"], false);
  second = move(*op, second, "on_air");
  EXPECT_EQ(lower_third(*op)["name"], "Lê Văn Tám");
  // The operator puts someone else's name up by hand: ending the call leaves it alone.
  ASSERT_EQ(op->request("PATCH", "/api/program/scene/lower_third", nlohmann::json{{"name", "Khách mời: GS. Trần Văn B"}}.dump()).status,
            200);
  second = move(*op, second, "done");
  EXPECT_EQ(lower_third(*op)["visible"], true);
  EXPECT_EQ(lower_third(*op)["name"], "Khách mời: GS. Trần Văn B");

  // Without a lower third, when the operator wants the picture clean.
  auto third = log_call(*screener, {{"name", "Phạm Thu"}});
  third = move(*screener, third, "screened");
  third = move(*screener, third, "next");
  ASSERT_EQ(op->request("PATCH", "/api/program/scene/lower_third", nlohmann::json{{"visible", false}}.dump()).status, 200);
  const auto r = op->post("/api/callers/" + std::to_string(third["id"].get<std::int64_t>()) + "/transition",
                          {{"to", "on_air"}, {"version", third["version"]}, {"lower_third", false}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["scene_generation"].is_null());
  EXPECT_EQ(lower_third(*op)["visible"], false);
}

TEST_F(CallIn, BadInputAndStaleVersionsGetClearErrors) {
  auto screener = staff("trucdt", "screener");
  EXPECT_EQ(log_call(*screener, {{"area", "Dĩ An"}}, 400)["error"]["code"], "missing_field");
  EXPECT_EQ(log_call(*screener, {{"name", "   "}}, 400)["error"]["code"], "name_required");
  EXPECT_EQ(log_call(*screener, {{"name", "A"}, {"phone", "không có số"}}, 400)["error"]["code"], "bad_phone");
  EXPECT_EQ(log_call(*screener, {{"name", "A"}, {"alerts", "một chuỗi"}}, 400)["error"]["code"], "bad_alerts");
  EXPECT_EQ(log_call(*screener, {{"name", "A"}, {"alerts", nlohmann::json::array({1, 2})}}, 400)["error"]["code"],
            "bad_alerts");
  EXPECT_EQ(log_call(*screener, {{"name", "A"}, {"alerts", std::vector<std::string>(9, "x")}}, 400)["error"]["code"],
            "too_many_alerts");
  EXPECT_EQ(log_call(*screener, {{"name", std::string(101, 'a')}}, 400)["error"]["code"], "name_too_long");
  const auto raw = screener->request("POST", "/api/callers", "{\"name\": \"\xff\xfe\"}");
  EXPECT_EQ(raw.status, 400) << raw.body;

  auto c = log_call(*screener, mai);
  const auto path = "/api/callers/" + std::to_string(c["id"].get<std::int64_t>());
  EXPECT_EQ(move(*screener, c, "sideways", 400)["error"]["code"], "unknown_state");
  EXPECT_EQ(move(*screener, c, "next", 422)["error"]["code"], "invalid_transition") << "screen first";
  auto edited = screener->request("PATCH", path, nlohmann::json{{"version", 1}, {"point", "Xin hỏi về điện"}}.dump());
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["version"], 2);
  EXPECT_EQ(edited.json()["name"], "Nguyễn Thị Mai") << "fields left out stay";
  const auto stale = move(*screener, c, "screened", 409);
  EXPECT_EQ(stale["error"]["code"], "version_conflict");
  EXPECT_EQ(stale["error"]["current_version"], 2);
  EXPECT_EQ(stale["error"]["changed_by"], "trucdt");
  EXPECT_EQ(screener->get("/api/callers/99999").status, 404);
  EXPECT_EQ(screener->get("/api/callers/abc").status, 400);
  EXPECT_EQ(client()->get("/api/callers").status, 401);
  EXPECT_EQ(staff("coquan", "agency")->get("/api/callers").status, 403);
}

TEST_F(CallIn, ACallerLinksToAQuestion) {
  auto screener = staff("trucdt", "screener");
  auto voter = client();
  const auto q = submit(*voter, "Khi nào sửa đường ĐT743?");
  auto c = log_call(*screener, mai);
  const auto path = "/api/callers/" + std::to_string(c["id"].get<std::int64_t>());
  auto r = screener->request("PATCH", path, nlohmann::json{{"version", 1}, {"question_id", q["id"]}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["question_id"], q["id"]);
  r = screener->request("PATCH", path, nlohmann::json{{"version", 2}, {"question_id", 99999}}.dump());
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "question_not_found");
  r = screener->request("PATCH", path, nlohmann::json{{"version", 2}, {"question_id", "một"}}.dump());
  EXPECT_EQ(r.status, 400) << r.body;
  r = screener->request("PATCH", path, nlohmann::json{{"version", 2}, {"question_id", nullptr}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["question_id"].is_null());
}

TEST_F(CallIn, TheLinesFollowTheShow) {
  auto screener = staff("trucdt", "screener");
  auto producer = staff("sanxuat", "producer");
  auto early = log_call(*screener, mai);  // the phones ring before the show opens
  EXPECT_TRUE(early["show_id"].is_null());
  open_show(*producer);
  early = caller(*producer, early);
  EXPECT_FALSE(early["show_id"].is_null()) << "a waiting caller joins the show being opened";
  auto holding = log_call(*screener, {{"name", "Lê Văn Tám"}});
  early = move(*screener, early, "screened");
  early = move(*screener, early, "next");
  early = move(*producer, early, "on_air");
  ASSERT_EQ(producer->post("/api/shows/current/close", nlohmann::json::object()).status, 200);
  EXPECT_EQ(caller(*producer, early)["state"], "done");
  EXPECT_EQ(caller(*producer, holding)["state"], "dropped") << "the lines close with the show";
  EXPECT_EQ(producer->get("/api/callers").json()["callers"].size(), 0u) << "no show open, nobody on the lines";
}

TEST_F(CallIn, PhoneNumbersAreMaskedForStaffWithoutTheRight) {
  auto screener = staff("trucdt", "screener");
  auto producer = staff("sanxuat", "producer");
  auto moderator = staff("bientap", "moderator");
  auto op = staff("vanhanh", "operator");
  open_show(*producer);
  auto voter = client();
  const auto q = submit(*voter, "Khi nào có nước sạch ở xã An Bình?");  // phone 0912345678
  const auto qpath = "/api/questions/" + std::to_string(q["id"].get<std::int64_t>());
  WsClient mod_ws(server->port(), "/ws", moderator.get());
  WsClient prod_ws(server->port(), "/ws", producer.get());
  ASSERT_TRUE(mod_ws.connected()) << mod_ws.refusal_body();
  ASSERT_TRUE(prod_ws.connected());
  const auto mod_snapshot = next_of_type(mod_ws, "snapshot");
  const auto prod_snapshot = next_of_type(prod_ws, "snapshot");
  ASSERT_TRUE(mod_snapshot && prod_snapshot);
  EXPECT_EQ((*mod_snapshot)["queue"]["questions"][0]["phone"], "0912***678");
  EXPECT_EQ((*prod_snapshot)["queue"]["questions"][0]["phone"], "+84912345678");

  auto c = log_call(*screener, mai);
  const auto mod_event = next_of_type(mod_ws, "caller.created");
  const auto prod_event = next_of_type(prod_ws, "caller.created");
  ASSERT_TRUE(mod_event && prod_event);
  EXPECT_EQ((*mod_event)["caller"]["phone"], "0912***678");
  EXPECT_EQ((*mod_event)["caller"]["phone_masked"], true);
  EXPECT_EQ((*prod_event)["caller"]["phone"], "+84912345678");

  for (auto* who : {moderator.get(), op.get()}) {
    const auto list = who->get("/api/questions").body;
    EXPECT_EQ(list.find("912345678"), std::string::npos) << list;
    EXPECT_NE(list.find("0912***678"), std::string::npos);
    EXPECT_EQ(who->get(qpath).json()["phone"], "0912***678");
    EXPECT_EQ(who->get("/api/callers").json()["callers"][0]["phone"], "0912***678");
  }
  // The answer to a moderator's own action is masked too.
  const auto approved = transition(*moderator, q["id"].get<std::int64_t>(), "approved", 1);
  EXPECT_EQ(approved["phone"], "0912***678");
  const auto mod_update = next_of_type(mod_ws, "question.updated");
  ASSERT_TRUE(mod_update);
  EXPECT_EQ((*mod_update)["question"]["phone"], "0912***678");
  EXPECT_EQ(producer->get(qpath).json()["phone"], "+84912345678");
  EXPECT_EQ(screener->get("/api/callers").json()["callers"][0]["phone"], "+84912345678");
}

}  // namespace
}  // namespace votercast::test
