// The staff side: login, roles, CSRF, moderation with versions, shows and the rundown.
#include "live_server.hpp"

using namespace votercast::test;

class StaffApi : public LiveServer {};

TEST_F(StaffApi, LoginSetsAStrictHttpOnlyCookie) {
  auto anonymous = client();
  EXPECT_EQ(anonymous->get("/api/questions").status, 401);
  EXPECT_EQ(anonymous->get("/api/me").status, 401);
  const auto r = anonymous->post("/api/login", {{"user", "admin"}, {"password", admin_password}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto cookie = r.header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(anonymous->get("/api/me").json()["role"], "admin");
  EXPECT_EQ(anonymous->post("/api/logout", nlohmann::json::object()).status, 200);
  EXPECT_EQ(anonymous->get("/api/me").status, 401) << "the session must end with logout";
}

TEST_F(StaffApi, WrongPasswordsAreThrottled) {
  auto c = client();
  for (int i = 0; i < 5; ++i) {
    const auto r = c->post("/api/login", {{"user", "admin"}, {"password", "doan-sai-" + std::to_string(i)}});
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.json()["error"]["code"], "bad_credentials");
  }
  const auto blocked = c->post("/api/login", {{"user", "admin"}, {"password", admin_password}});
  EXPECT_EQ(blocked.status, 429) << "even the right password waits once the user is throttled";
  EXPECT_FALSE(blocked.header("retry-after").empty());
  EXPECT_EQ(c->post("/api/login", {{"user", "nobody"}, {"password", "whatever1"}}).status, 401);
}

TEST_F(StaffApi, RolesAndCrossSiteRequestsAreChecked) {
  auto operator_ = staff("dieukhien", "operator");
  auto moderator = staff("bientap", "moderator");
  auto voter = client();
  const auto q = submit(*voter, "Khi nào sửa đường?");
  const auto id = q["id"].get<std::int64_t>();
  const auto denied = transition(*operator_, id, "approved", 1, 403);
  EXPECT_EQ(denied["error"]["code"], "forbidden");
  // A page on another site cannot drive a logged-in console.
  const auto forged = moderator->post("/api/questions/" + std::to_string(id) + "/transition",
                                      {{"to", "approved"}, {"version", 1}}, {{"Origin", "http://evil.example"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(forged.json()["error"]["code"], "cross_origin");
  const auto same = moderator->post("/api/questions/" + std::to_string(id) + "/transition",
                                    {{"to", "approved"}, {"version", 1}},
                                    {{"Origin", "http://127.0.0.1:" + std::to_string(server->port())}});
  EXPECT_EQ(same.status, 200) << same.body;
  // Agencies do not see the live queue.
  auto agency = staff("sogtvt", "agency");
  EXPECT_EQ(agency->get("/api/questions").status, 403);
}

TEST_F(StaffApi, ModerationIsVersionedAndFollowsTheTable) {
  auto moderator = staff("bientap", "moderator");
  auto voter = client();
  const auto id = submit(*voter, "Đồ ngu, khi nào sửa đường ĐT743???")["id"].get<std::int64_t>();
  const auto path = "/api/questions/" + std::to_string(id);

  auto q = moderator->get(path).json();
  EXPECT_EQ(q["version"], 1);
  EXPECT_TRUE(q["flags"]["profanity"].get<bool>());
  EXPECT_EQ(q["next_states"], nlohmann::json({"approved", "rejected", "merged"}));

  auto edited = moderator->request("PATCH", path, nlohmann::json{{"version", 1}, {"on_air_text", "Khi nào sửa đường ĐT743?"}}.dump());
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["version"], 2);
  EXPECT_EQ(edited.json()["text"], "Đồ ngu, khi nào sửa đường ĐT743???") << "the voter's words are kept";

  const auto conflict = transition(*moderator, id, "approved", 1, 409);
  EXPECT_EQ(conflict["error"]["code"], "version_conflict");
  EXPECT_EQ(conflict["error"]["current_version"], 2);
  EXPECT_EQ(conflict["error"]["current_state"], "pending");
  EXPECT_EQ(conflict["error"]["changed_by"], "bientap") << "the console can say who handled it";

  const auto invalid = transition(*moderator, id, "forwarded", 2, 422, {{"agency", "Sở Xây dựng"}});
  EXPECT_EQ(invalid["error"]["code"], "invalid_transition");
  EXPECT_EQ(transition(*moderator, id, "teleported", 2, 400)["error"]["code"], "unknown_state");
  EXPECT_EQ(transition(*moderator, id, "approved", 2)["state"], "approved");

  const auto history = moderator->get(path).json()["history"];
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0]["type"], "question.created");
  EXPECT_EQ(history[2]["actor"], "bientap");
  EXPECT_EQ(voter->get("/api/tickets/" + q["ticket"].get<std::string>()).json()["status"], "accepted");
}

TEST_F(StaffApi, MergeDuplicates) {
  auto moderator = staff("bientap", "moderator");
  auto voter = this->voter(), neighbour = this->voter();
  const auto keep = submit(*voter, "Khi nào sửa đường ĐT743?")["id"].get<std::int64_t>();
  const auto dup = submit(*neighbour, "Xin hỏi khi nào đường ĐT743 được sửa?")["id"].get<std::int64_t>();
  const auto dup_json = moderator->get("/api/questions/" + std::to_string(dup)).json();
  EXPECT_EQ(dup_json["similar_to"], keep) << "the near-duplicate key suggests the merge";
  auto r = moderator->post("/api/questions/" + std::to_string(dup) + "/merge", {{"into", keep}, {"version", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "merged");
  EXPECT_EQ(moderator->get("/api/questions/" + std::to_string(keep)).json()["duplicate_count"], 1);
  EXPECT_EQ(moderator->post("/api/questions/" + std::to_string(keep) + "/merge", {{"into", 99999}, {"version", 2}}).status, 404);
  EXPECT_EQ(moderator->post("/api/questions/" + std::to_string(keep) + "/merge", {{"version", 2}}).status, 400);
}

TEST_F(StaffApi, ShowRundownAndAir) {
  auto producer = staff("sanxuat", "producer");
  auto operator_ = staff("dieukhien", "operator");
  auto voter = client();
  const auto waiting = submit(*voter, "Gửi trước khi chương trình bắt đầu")["id"].get<std::int64_t>();
  EXPECT_EQ(producer->get("/api/questions?show=waiting").json()["questions"].size(), 1u);

  auto opened = producer->post("/api/shows", {{"title", "Đối thoại với cử tri — số 48"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const auto show_id = opened.json()["id"].get<std::int64_t>();
  EXPECT_EQ(producer->post("/api/shows", {{"title", "Trùng"}}).status, 409);
  EXPECT_EQ(producer->get("/api/questions/" + std::to_string(waiting)).json()["show_id"], show_id)
      << "a waiting question joins the next show";

  std::vector<std::int64_t> ids;
  for (const char* text : {"Câu một", "Câu hai", "Câu ba"}) {
    const auto id = submit(*voter, text)["id"].get<std::int64_t>();
    transition(*producer, id, "approved", 1);
    transition(*producer, id, "queued", 2);
    ids.push_back(id);
  }
  auto rundown = producer->get("/api/rundown").json();
  ASSERT_EQ(rundown["questions"].size(), 3u);
  const auto version = rundown["rundown_version"].get<std::int64_t>();
  auto reordered = producer->request("PUT", "/api/rundown", nlohmann::json{{"version", version}, {"order", {ids[2], ids[0], ids[1]}}}.dump());
  ASSERT_EQ(reordered.status, 200) << reordered.body;
  rundown = producer->get("/api/rundown").json();
  EXPECT_EQ(rundown["questions"][0]["id"], ids[2]);
  const auto stale = producer->request("PUT", "/api/rundown", nlohmann::json{{"version", version}, {"order", {ids[0], ids[1], ids[2]}}}.dump());
  EXPECT_EQ(stale.status, 409);
  const auto partial = producer->request("PUT", "/api/rundown", nlohmann::json{{"version", version + 1}, {"order", {ids[0]}}}.dump());
  EXPECT_EQ(partial.status, 400);
  EXPECT_EQ(partial.json()["error"]["code"], "rundown_mismatch");

  transition(*operator_, ids[2], "on_air", 3);
  transition(*operator_, ids[0], "on_air", 3);
  EXPECT_EQ(producer->get("/api/questions/" + std::to_string(ids[2])).json()["state"], "aired")
      << "taking the next question to air retires the one on air";
  EXPECT_EQ(producer->get("/api/rundown").json()["questions"].size(), 1u);
  const auto forwarded = transition(*producer, ids[2], "forwarded", 5, 200, {{"agency", "Sở Giao thông Vận tải"}});
  EXPECT_EQ(forwarded["agency"], "Sở Giao thông Vận tải");
  EXPECT_EQ(producer->post("/api/shows/current/close", nlohmann::json::object()).status, 200);
  EXPECT_EQ(producer->get("/api/questions/" + std::to_string(ids[0])).json()["state"], "aired");
}

TEST_F(StaffApi, ListingFiltersSearchAndPages) {
  auto staff_client = admin();
  auto voter = client();
  submit(*voter, "Đường ĐT743 xuống cấp", "giao thông");
  submit(*voter, "Trường học quá tải", "giáo dục");
  for (int i = 0; i < 5; ++i) submit(*voter, "Rác thải số " + std::to_string(i), "môi trường");

  const auto search = staff_client->get("/api/questions?q=duong%20dt743").json()["questions"];
  ASSERT_EQ(search.size(), 1u) << "diacritic-free search finds Vietnamese text";
  EXPECT_EQ(search[0]["text"], "Đường ĐT743 xuống cấp");
  EXPECT_EQ(staff_client->get("/api/questions?topic=gi%C3%A1o%20d%E1%BB%A5c").json()["questions"].size(), 1u);
  EXPECT_EQ(staff_client->get("/api/questions?state=approved").json()["questions"].size(), 0u);

  auto page = staff_client->get("/api/questions?limit=3").json();
  ASSERT_EQ(page["questions"].size(), 3u);
  std::set<std::int64_t> seen;
  int pages = 0;
  while (true) {
    for (const auto& q : page["questions"]) seen.insert(q["id"].get<std::int64_t>());
    ++pages;
    if (page["next_after"].is_null()) break;
    page = staff_client->get("/api/questions?limit=3&after=" + std::to_string(page["next_after"].get<std::int64_t>())).json();
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(seen.size(), 7u);
}

TEST_F(StaffApi, UserAddWorksWhileTheServerRunsAndPasswordIsShownOnce) {
  std::string out;
  EXPECT_EQ(run_cli("user add sanxuat2 --role producer --password-stdin --db " + db, "mot-mat-khau-dai", &out), 0) << out;
  EXPECT_EQ(run_cli("user add sanxuat2 --role producer --password-stdin --db " + db, "mot-mat-khau-dai", &out), 1);
  EXPECT_NE(out.find("already exists"), std::string::npos) << out;
  EXPECT_EQ(run_cli("user add x --role king --password-stdin --db " + db, "mot-mat-khau-dai", &out), 2);
  EXPECT_EQ(run_cli("user add ngan --role producer --password-stdin --db " + db, "short", &out), 2);
  EXPECT_EQ(run_cli("user add truocgio --role screener --password-stdin --db " + dir.file("chua/co/votercast.db"),
                    "mot-mat-khau-dai", &out), 0)
      << "a database in a directory that does not exist yet: " << out;
  auto c = login("sanxuat2", "mot-mat-khau-dai");
  EXPECT_EQ(c->get("/api/me").json()["role"], "producer");

  server->stop();
  start();
  EXPECT_TRUE(server->admin_password().empty()) << "the first-start password is printed only on the first start";
  auto again = client();  // the restarted server listens on a new port
  again->set_cookie("vc_session", c->cookie("vc_session").value_or(""));
  EXPECT_EQ(again->get("/api/me").json()["user"], "sanxuat2") << "sessions survive a restart";
}
