// After the show, against the real server: a question forwarded with a due date is
// seen by its agency alone, answered there, and the voter's ticket shows the answer;
// the producer records answers given on air; the public archive finds answers
// without diacritics and names a voter only with their consent.
#include <cctype>
#include <fstream>

#include "core/clock.hpp"
#include "core/store/database.hpp"
#include "core/vietnam_time.hpp"
#include "live_server.hpp"

using namespace votercast::test;
using namespace votercast;

namespace {

const std::string kRoads = "Sở Giao thông Vận tải";
const std::string kHealth = "Sở Y tế";

std::string query_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The province's date `days` from today, as a due date is written.
std::string local_date_in(int days) {
  return core::iso_date_text(core::vietnam_date_of(core::now_ms() + days * 24LL * 3600 * 1000));
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

class FollowUp : public LiveServer {
 protected:
  std::string config_path = dir.file("votercast.json");

  FollowUp() {
    std::ofstream(config_path) << nlohmann::json{
        {"topics", {"giao thông", "y tế", "đất đai"}},
        {"areas", {"Phường Hòa Phú", "TP. Dĩ An"}},
        {"agencies", {kRoads, kHealth}},
        {"follow_up_due_days", 10},
    }.dump();
  }
  std::vector<std::string> programme_args() const override { return {"--no-programme", "--config", config_path}; }

  nlohmann::json submit_as(HttpClient& c, nlohmann::json fields) {
    const auto r = c.post("/api/questions", fields);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  nlohmann::json question(HttpClient& staff, std::int64_t id) {
    return staff.get("/api/questions/" + std::to_string(id)).json();
  }
  // pending -> approved -> forwarded, by the producer.
  nlohmann::json forward(HttpClient& producer, const nlohmann::json& submitted, const std::string& agency,
                         std::optional<std::string> due_date = std::nullopt) {
    const auto id = submitted["id"].get<std::int64_t>();
    transition(producer, id, "approved", 1);
    nlohmann::json extra{{"agency", agency}};
    if (due_date) extra["due_date"] = *due_date;
    return transition(producer, id, "forwarded", 2, 200, extra);
  }
  HttpResult answer(HttpClient& c, const nlohmann::json& q, const std::string& text) {
    return c.post("/api/questions/" + std::to_string(q["id"].get<std::int64_t>()) + "/answer",
                  {{"version", q["version"]}, {"text", text}});
  }
  nlohmann::json agency_list(HttpClient& c, const std::string& query = "") {
    const auto r = c.get("/api/agency/questions" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static std::vector<std::int64_t> ids_of(const nlohmann::json& list) {
    std::vector<std::int64_t> out;
    for (const auto& q : list) out.push_back(q["id"].get<std::int64_t>());
    return out;
  }
};

TEST_F(FollowUp, AnAgencyAnswersItsOwnForwardedQuestionAndTheTicketShowsTheAnswer) {
  auto producer = staff("sanxuat", "producer");
  auto roads = staff("sogtvt", "agency", kRoads);
  auto health = staff("soyte", "agency", kHealth);
  EXPECT_EQ(roads->get("/api/me").json()["agency"], kRoads);
  EXPECT_TRUE(producer->get("/api/me").json()["agency"].is_null());

  auto voter = client();
  const auto road_q = submit(*voter, "Khi nào sửa Đường ĐT743 đoạn qua <b>Hòa Phú</b>?");
  const auto health_q = submit(*voter, "Trạm y tế phường thiếu thuốc", "y tế");
  const auto due = local_date_in(3);
  const auto forwarded = forward(*producer, road_q, kRoads, due);
  EXPECT_EQ(core::iso_date_text(core::vietnam_date_of(*core::parse_iso_time(forwarded["due_at"].get<std::string>()))), due);
  const auto by_default = forward(*producer, health_q, kHealth);
  EXPECT_EQ(core::iso_date_text(core::vietnam_date_of(*core::parse_iso_time(by_default["due_at"].get<std::string>()))),
            local_date_in(10))
      << "follow_up_due_days from the config file";

  // Each agency sees its own questions, and only those.
  const auto mine = agency_list(*roads);
  EXPECT_EQ(ids_of(mine["questions"]), std::vector<std::int64_t>{road_q["id"].get<std::int64_t>()});
  EXPECT_EQ(mine["agency"], kRoads);
  const auto& listed = mine["questions"][0];
  EXPECT_EQ(listed["due_date"], due);
  EXPECT_EQ(listed["overdue"], false);
  EXPECT_EQ(listed["phone"], "0912***678") << "agencies do not see phone numbers";
  EXPECT_EQ(ids_of(agency_list(*health)["questions"]), std::vector<std::int64_t>{health_q["id"].get<std::int64_t>()});
  expect_error(roads->get("/api/agency/questions?agency=" + query_encode(kHealth)), 403, "other_agency");
  EXPECT_EQ(agency_list(*producer)["total"], 2) << "the producer sees every agency's";
  EXPECT_EQ(ids_of(agency_list(*producer, "?agency=" + query_encode(kHealth))["questions"]),
            std::vector<std::int64_t>{health_q["id"].get<std::int64_t>()});
  // ... and never the live queue.
  EXPECT_EQ(roads->get("/api/questions").status, 403);
  EXPECT_EQ(roads->get("/api/questions/" + std::to_string(road_q["id"].get<std::int64_t>())).status, 403);
  WsClient agency_ws(server->port(), "/ws", roads.get());
  EXPECT_EQ(agency_ws.http_status(), 403);

  WsClient producer_ws(server->port(), "/ws", producer.get());
  ASSERT_TRUE(producer_ws.connected()) << producer_ws.error();
  ASSERT_EQ((*producer_ws.next())["type"], "snapshot");

  // Another agency may not answer it; a stale version is a conflict.
  expect_error(answer(*health, forwarded, "Không thuộc thẩm quyền"), 403, "other_agency");
  auto stale = forwarded;
  stale["version"] = 2;
  expect_error(answer(*roads, stale, "Sẽ sửa"), 409, "version_conflict");

  const std::string text = "Sở GTVT sẽ thảm nhựa Đường ĐT743 trong quý I/2027.\nXin cảm ơn cử tri <Hòa Phú>.";
  const auto answered = answer(*roads, forwarded, text);
  ASSERT_EQ(answered.status, 200) << answered.body;
  const auto a = answered.json();
  EXPECT_EQ(a["state"], "answered");
  EXPECT_EQ(a["answer"], text);
  EXPECT_EQ(a["answered_by"], "sogtvt");
  EXPECT_EQ(a["answered_agency"], kRoads);
  EXPECT_TRUE(a["answered_on_air_at"].is_null());
  expect_error(answer(*roads, a, "Lần nữa"), 422, "not_forwarded");

  // The live event carries what a reply SMS will need.
  std::optional<nlohmann::json> event;
  while (auto frame = producer_ws.next())
    if ((*frame)["type"] == "question.updated" && (*frame)["change"] == "answered") {
      event = frame;
      break;
    }
  ASSERT_TRUE(event) << "an answered event reaches the consoles";
  EXPECT_EQ((*event)["actor"], "sogtvt");
  EXPECT_EQ((*event)["question"]["id"], road_q["id"]);
  EXPECT_EQ((*event)["question"]["channel"], "web");
  EXPECT_EQ((*event)["question"]["phone"], "+84912345678");
  EXPECT_EQ((*event)["question"]["answer"], text);
  EXPECT_EQ(question(*producer, road_q["id"])["history"].back()["change"], "answered") << "and the audit trail";

  // The voter's view.
  const auto ticket = road_q["ticket"].get<std::string>();
  const auto status = voter->get("/api/tickets/" + ticket).json();
  EXPECT_EQ(status["status"], "answered");
  EXPECT_EQ(status["answer"], text);
  EXPECT_EQ(status["answered_agency"], kRoads);
  EXPECT_EQ(status["answered_at"], a["answered_at"]);
  EXPECT_FALSE(contains(status.dump(), "0912")) << "never a phone number";
  const auto page = voter->get("/t/" + ticket);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Sở GTVT sẽ thảm nhựa Đường ĐT743 trong quý I/2027.\nXin cảm ơn cử tri &lt;Hòa Phú&gt;."))
      << page.body;
  EXPECT_FALSE(contains(page.body, "<Hòa Phú>"));
  EXPECT_TRUE(contains(page.body, "Trả lời của <strong class=\"answered-agency\">Sở Giao thông Vận tải</strong> lúc " +
                                      core::vietnam_moment_text(*core::parse_iso_time(a["answered_at"].get<std::string>()))))
      << page.body;

  // Forwarded, not yet answered: the agency and its due date.
  const auto health_page = voter->get("/t/" + health_q["ticket"].get<std::string>()).body;
  EXPECT_TRUE(contains(health_page, "Sở Y tế"));
  EXPECT_TRUE(contains(health_page, "Hạn trả lời: <strong id=\"due-date\">" +
                                        core::vietnam_date_text(core::now_ms() + 10LL * 24 * 3600 * 1000)))
      << health_page;
  EXPECT_EQ(voter->get("/api/tickets/" + health_q["ticket"].get<std::string>()).json()["due_date"], local_date_in(10));

  // The agency's "answered" tab.
  EXPECT_TRUE(agency_list(*roads)["questions"].empty());
  EXPECT_EQ(ids_of(agency_list(*roads, "?state=answered")["questions"]), std::vector<std::int64_t>{road_q["id"].get<std::int64_t>()});
  EXPECT_TRUE(agency_list(*health, "?state=answered")["questions"].empty());
}

TEST_F(FollowUp, TheProducerRecordsAnAnswerGivenOnAir) {
  auto producer = staff("sanxuat", "producer");
  auto roads = staff("sogtvt", "agency", kRoads);
  auto voter = client();
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 12"}}).status, 201);
  const auto q = submit(*voter, "Khi nào có nước sạch cho ấp 3?");
  const auto id = q["id"].get<std::int64_t>();
  const auto path = "/api/questions/" + std::to_string(id) + "/answered-on-air";
  transition(*producer, id, "approved", 1);
  expect_error(producer->post(path, {{"version", 2}}), 422, "not_aired");
  transition(*producer, id, "queued", 2);
  transition(*producer, id, "on_air", 3);
  const auto aired = transition(*producer, id, "aired", 4);
  EXPECT_EQ(question(*producer, id)["next_states"], nlohmann::json({"forwarded", "answered"}));
  expect_error(roads->post(path, {{"version", 5}}), 403, "forbidden");
  expect_error(producer->post(path, {{"version", 5}, {"at", "hôm qua"}}), 400, "bad_time");
  expect_error(producer->post(path, {{"version", 5}, {"at", "2031-01-01T20:00:00+07:00"}}), 400, "answered_at_in_future");
  EXPECT_EQ(transition(*producer, id, "answered", 5, 400)["error"]["code"], "answer_text_required")
      << "not a bare transition: with the answer or as answered on air";

  // The studio's clock, in Vietnam time, a moment ahead of ours (within the tolerance).
  const auto at_ms = (core::now_ms() / 1000 + 1) * 1000;
  const auto seconds = at_ms / 1000 % 60;
  const auto at = core::iso_date_text(core::vietnam_date_of(at_ms)) + "T" + core::vietnam_clock_text(at_ms) + ":" +
                  (seconds < 10 ? "0" : "") + std::to_string(seconds) + "+07:00";
  const auto r = producer->post(path, {{"version", aired["version"]}, {"at", at}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "answered");
  EXPECT_EQ(r.json()["answered_on_air_at"], core::iso8601_utc(at_ms));
  EXPECT_TRUE(r.json()["answer"].is_null());

  const auto page = voter->get("/t/" + q["ticket"].get<std::string>()).body;
  EXPECT_TRUE(contains(page, "Đã trả lời trực tiếp trên sóng lúc " + core::vietnam_clock_text(at_ms) + " ngày " +
                                 core::vietnam_date_text(at_ms)))
      << page;
  EXPECT_EQ(voter->get("/api/tickets/" + q["ticket"].get<std::string>()).json()["answered_on_air_at"],
            core::iso8601_utc(at_ms));

  // On air now, answered there and then, with a note.
  const auto live = submit(*voter, "Đèn đường khu phố 4 hỏng");
  const auto live_id = live["id"].get<std::int64_t>();
  transition(*producer, live_id, "approved", 1);
  transition(*producer, live_id, "queued", 2);
  transition(*producer, live_id, "on_air", 3);
  const auto noted = producer->post("/api/questions/" + std::to_string(live_id) + "/answered-on-air",
                                    {{"version", 4}, {"text", "Giám đốc Sở Xây dựng hứa thay trong tuần."}});
  ASSERT_EQ(noted.status, 200) << noted.body;
  EXPECT_EQ(noted.json()["answer"], "Giám đốc Sở Xây dựng hứa thay trong tuần.");
}

TEST_F(FollowUp, ThePublicArchiveFindsAnswersWithoutDiacriticsAndNamesOnlyWhoAllowedIt) {
  auto producer = staff("sanxuat", "producer");
  auto voter = client();
  const auto road = submit_as(*voter, {{"name", "Trần Hữu Quynh"}, {"phone", "0912345678"}, {"area", "Phường Hòa Phú"},
                                       {"topic", "giao thông"}, {"text", "Khi nào sửa Đường ĐT743?"}, {"publish_name", true}});
  const auto hidden = submit_as(*voter, {{"name", "Lê Thị Bảy"}, {"phone", "0987654321"}, {"area", "TP. Dĩ An"},
                                         {"topic", "y tế"}, {"text", "Bệnh viện quá tải <script>alert(1)</script>"}});
  // From the form without JavaScript, ticked.
  const auto form = voter->request("POST", "/api/questions",
                                   "name=Ng%C3%B4+V%C4%83n+T%C3%A1m&area=Ph%C6%B0%E1%BB%9Dng+H%C3%B2a+Ph%C3%BA&topic=%C4%91%E1%BA%A5t+%C4%91ai"
                                   "&text=S%E1%BB%95+%C4%91%E1%BB%8F+ch%E1%BA%ADm&publish_name=on",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(form.status, 201) << form.body;
  const auto unanswered = submit(*voter, "Đường ĐT743 ngập nước");

  answer(*producer, forward(*producer, road, kRoads), "Quý I năm 2027 sẽ thảm nhựa.");
  answer(*producer, forward(*producer, hidden, kHealth), "Sở Y tế bổ sung 40 giường.");
  answer(*producer, forward(*producer, form.json(), kRoads), "Đã cấp sổ.");
  EXPECT_TRUE(question(*producer, road["id"])["publish_name"].get<bool>());
  EXPECT_FALSE(question(*producer, hidden["id"])["publish_name"].get<bool>());

  const auto all = voter->get("/api/answers").json();
  EXPECT_EQ(all["total"], 3);
  EXPECT_EQ(all["per_page"], 20);
  ASSERT_EQ(all["answers"].size(), 3u);
  EXPECT_EQ(all["answers"][0]["asker"], "Ngô Văn Tám") << "newest answer first; name allowed";
  EXPECT_EQ(all["answers"][1]["asker"], "Cử tri ở TP. Dĩ An") << "name not allowed";
  EXPECT_EQ(all["answers"][2]["asker"], "Trần Hữu Quynh");
  EXPECT_FALSE(contains(all.dump(), "Lê Thị Bảy"));
  EXPECT_FALSE(contains(all.dump(), "0912")) << "phones never appear";
  EXPECT_FALSE(contains(all.dump(), "+8491"));

  auto search = [&](const std::string& query) { return voter->get("/api/answers?" + query).json(); };
  const auto found = search("q=" + query_encode("duong dt743"));
  ASSERT_EQ(found["answers"].size(), 1u) << found.dump();
  EXPECT_EQ(found["answers"][0]["id"], road["id"]) << "the unanswered one is not in the archive";
  EXPECT_EQ(found["answers"][0]["question"], "Khi nào sửa Đường ĐT743?");
  EXPECT_EQ(found["answers"][0]["agency"], kRoads);
  EXPECT_EQ(search("q=THAM+NHUA")["answers"][0]["id"], road["id"]) << "the answer is searched, any case";
  const auto by_number = search("q=743");
  ASSERT_EQ(by_number["total"], 1) << by_number.dump();
  EXPECT_EQ(by_number["answers"][0]["id"], road["id"]) << "a road's number alone finds ĐT743";
  EXPECT_EQ(search("q=" + query_encode("giường"))["answers"][0]["id"], hidden["id"]);
  EXPECT_EQ(search("topic=" + query_encode("y tế"))["total"], 1);
  EXPECT_EQ(search("area=" + query_encode("Phường Hòa Phú"))["total"], 2);
  EXPECT_EQ(search("area=" + query_encode("Phường Hòa Phú") + "&q=so")["total"], 1);
  EXPECT_EQ(search("q=benh+vien&topic=" + query_encode("giao thông"))["total"], 0);
  EXPECT_TRUE(unanswered["id"].is_number());

  // The page: the same, rendered by the server, voter text escaped.
  const auto page = voter->get("/answers?q=" + query_encode("benh vien"));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(page.header("content-type").starts_with("text/html"));
  EXPECT_TRUE(contains(page.header("content-security-policy"), "script-src 'self'"));
  EXPECT_TRUE(contains(page.body, "Bệnh viện quá tải &lt;script&gt;alert(1)&lt;/script&gt;")) << page.body;
  EXPECT_FALSE(contains(page.body, "<script>alert(1)"));
  EXPECT_TRUE(contains(page.body, "Cử tri ở TP. Dĩ An hỏi:"));
  EXPECT_TRUE(contains(page.body, "Sở Y tế bổ sung 40 giường."));
  EXPECT_FALSE(contains(page.body, "Thảm nhựa")) << "filtered";
  EXPECT_TRUE(contains(page.body, "value=\"benh vien\"")) << "the search is shown back";
  EXPECT_TRUE(contains(page.body, "<option>giao thông</option>")) << "topics from the config file";
}

TEST_F(FollowUp, OverdueQuestionsAreFlaggedAndCanBeListedAlone) {
  auto producer = staff("sanxuat", "producer");
  auto roads = staff("sogtvt", "agency", kRoads);
  auto voter = client();
  const auto late = forward(*producer, submit(*voter, "Cầu Ông Cộ xuống cấp"), kRoads, local_date_in(0));
  const auto on_time = forward(*producer, submit(*voter, "Vỉa hè bị lấn chiếm"), kRoads, local_date_in(9));
  EXPECT_TRUE(agency_list(*roads, "?overdue=1")["questions"].empty()) << "due today is not late yet";
  {
    // Two days pass for the first one: its due date moves back in the server's database file.
    core::store::Database file(db);
    file.prepare("UPDATE questions SET due_at = ? WHERE id = ?")
        .bind(1, core::now_ms() - std::int64_t{2 * 24 * 3600 * 1000})
        .bind(2, late["id"].get<std::int64_t>())
        .run();
  }
  const auto all = agency_list(*roads)["questions"];
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["id"], late["id"]) << "the late one first";
  EXPECT_EQ(all[0]["overdue"], true);
  EXPECT_EQ(all[1]["overdue"], false);
  EXPECT_EQ(ids_of(agency_list(*roads, "?overdue=1")["questions"]),
            std::vector<std::int64_t>{late["id"].get<std::int64_t>()});
  EXPECT_EQ(agency_list(*producer, "?overdue=1")["total"], 1);
  // Answered late: the answered list can tell.
  ASSERT_EQ(answer(*roads, question(*producer, late["id"]), "Đã sửa xong.").status, 200);
  ASSERT_EQ(answer(*roads, on_time, "Đã nhắc nhở các hộ kinh doanh.").status, 200);
  EXPECT_EQ(ids_of(agency_list(*roads, "?state=answered&overdue=1")["questions"]),
            std::vector<std::int64_t>{late["id"].get<std::int64_t>()});
}

TEST_F(FollowUp, TheArchiveIsPaginatedTwentyAPage) {
  auto producer = staff("sanxuat", "producer");
  auto voter = client();
  for (int i = 1; i <= 21; ++i) {
    const auto q = submit(*voter, "Câu hỏi số " + std::to_string(i));
    ASSERT_EQ(answer(*producer, forward(*producer, q, kRoads), "Trả lời số " + std::to_string(i)).status, 200);
  }
  const auto first = voter->get("/api/answers").json();
  EXPECT_EQ(first["total"], 21);
  EXPECT_EQ(first["pages"], 2);
  EXPECT_EQ(first["answers"].size(), 20u);
  EXPECT_EQ(first["answers"][0]["answer"], "Trả lời số 21");
  const auto second = voter->get("/api/answers?page=2").json();
  ASSERT_EQ(second["answers"].size(), 1u);
  EXPECT_EQ(second["answers"][0]["answer"], "Trả lời số 1");
  EXPECT_TRUE(voter->get("/api/answers?page=3").json()["answers"].empty());
  const auto page = voter->get("/answers?page=2").body;
  EXPECT_TRUE(contains(page, "Trang 2/2"));
  EXPECT_TRUE(contains(page, "href=\"/answers?page=1\"")) << page;
  EXPECT_TRUE(contains(voter->get("/answers?q=tra+loi").body, "href=\"/answers?q=tra%20loi&amp;page=2\""));
}

TEST_F(FollowUp, BadInputGetsAClearJsonError) {
  auto producer = staff("sanxuat", "producer");
  auto moderator = staff("bientap", "moderator");
  auto roads = staff("sogtvt", "agency", kRoads);
  auto voter = client();
  const auto q = submit(*voter, "Khi nào sửa đường?");
  const auto id = q["id"].get<std::int64_t>();
  transition(*producer, id, "approved", 1);
  const auto path = "/api/questions/" + std::to_string(id);

  expect_error(producer->post(path + "/transition", {{"to", "forwarded"}, {"version", 2}, {"agency", kRoads}, {"due_date", "15/12/2026"}}),
               400, "bad_due_date");
  expect_error(producer->post(path + "/transition", {{"to", "forwarded"}, {"version", 2}, {"agency", kRoads}, {"due_date", local_date_in(-1)}}),
               400, "due_date_in_past");
  expect_error(producer->post(path + "/transition", {{"to", "forwarded"}, {"version", 2}, {"agency", kRoads}, {"due_date", 20261215}}),
               400, "wrong_type");
  expect_error(producer->post(path + "/transition", {{"to", "rejected"}, {"version", 2}, {"due_date", local_date_in(3)}}),
               400, "unexpected_due_date");
  transition(*producer, id, "forwarded", 2, 200, {{"agency", kRoads}, {"due_date", local_date_in(0)}});
  const auto current = question(*producer, id);

  expect_error(roads->post(path + "/answer", {{"version", current["version"]}, {"text", "  "}}), 400, "answer_required");
  expect_error(roads->post(path + "/answer", {{"version", current["version"]}, {"text", std::string(5001, 'a')}}), 400,
               "answer_too_long");
  expect_error(roads->post(path + "/answer", {{"text", "Sẽ sửa"}}), 400, "missing_field");
  expect_error(roads->post(path + "/answer", {{"version", current["version"]}}), 400, "missing_field");
  expect_error(roads->request("POST", path + "/answer", "{not json"), 400, "malformed_json");
  expect_error(roads->post("/api/questions/0/answer", {{"version", 1}, {"text", "x"}}), 400, "bad_id");
  expect_error(roads->post("/api/questions/99999/answer", {{"version", 1}, {"text", "x"}}), 404, "question_not_found");
  expect_error(moderator->post(path + "/answer", {{"version", current["version"]}, {"text", "x"}}), 403, "forbidden");
  expect_error(voter->post(path + "/answer", {{"version", current["version"]}, {"text", "x"}}), 401, "not_logged_in");
  expect_error(roads->post(path + "/answer", {{"version", current["version"]}, {"text", "x"}},
                           {{"Origin", "http://evil.example"}}),
               403, "cross_origin");
  expect_error(moderator->get("/api/agency/questions"), 403, "forbidden");
  expect_error(roads->get("/api/agency/questions?state=pending"), 400, "unknown_state");
  expect_error(roads->get("/api/agency/questions?limit=501"), 400, "bad_limit");
  expect_error(voter->get("/api/answers?page=0"), 400, "bad_id");
  expect_error(voter->get("/api/answers?q=%C3%28"), 400, "invalid_utf8");
  expect_error(voter->get("/api/answers?q=" + std::string(201, 'a')), 400, "q_too_long");
  const auto bad_page = voter->get("/answers?page=abc");
  EXPECT_EQ(bad_page.status, 400);
  EXPECT_TRUE(bad_page.header("content-type").starts_with("text/html"));
  EXPECT_EQ(voter->post("/api/questions", {{"text", "Câu hỏi"}, {"publish_name", "có"}}).status, 400);

  // Due today is not overdue yet; the answer still goes in.
  EXPECT_EQ(agency_list(*roads)["questions"][0]["overdue"], false);
  EXPECT_EQ(roads->post(path + "/answer", {{"version", current["version"]}, {"text", "Sẽ sửa trong tuần."}}).status, 200);
}

// An agency account sees exactly the questions naming it, so a question may name only a
// configured agency: a typo would hide it from everyone.
TEST_F(FollowUp, QuestionsNameOnlyConfiguredAgenciesInTheirConfiguredSpelling) {
  auto producer = staff("sanxuat", "producer");
  auto roads = staff("sogtvt", "agency", kRoads);
  const auto q = submit(*client(), "Đường ĐT743 xuống cấp, khi nào sửa?");
  const auto id = q["id"].get<std::int64_t>();
  const auto path = "/api/questions/" + std::to_string(id);
  transition(*producer, id, "approved", 1);

  const auto unknown = producer->post(path + "/transition", {{"to", "forwarded"}, {"version", 2}, {"agency", "Sở GTVT"}});
  expect_error(unknown, 400, "unknown_agency");
  EXPECT_TRUE(contains(unknown.json()["error"]["message"].get<std::string>(), kRoads)) << "the message lists the agencies";
  expect_error(producer->request("PATCH", path, nlohmann::json{{"version", 2}, {"agency", "Sở Nội vụ"}}.dump()), 400, "unknown_agency");
  EXPECT_EQ(question(*producer, id)["state"], "approved") << "a refused forwarding changes nothing";

  // Typed without diacritics and in other case: stored as configured, so the agency finds it.
  const auto forwarded = transition(*producer, id, "forwarded", 2, 200, {{"agency", "  so giao THONG van tai "}});
  EXPECT_EQ(forwarded["agency"], kRoads);
  EXPECT_EQ(agency_list(*roads)["questions"].size(), 1u);

  // An edit may clear the field (before forwarding again, say).
  const auto cleared = producer->request("PATCH", path, nlohmann::json{{"version", forwarded["version"]}, {"agency", ""}}.dump());
  EXPECT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(cleared.json()["agency"], "");
}

TEST_F(FollowUp, AgencyAccountsNameTheirAgencyOnTheCommandLine) {
  std::string out;
  EXPECT_EQ(run_cli("user add sogtvt --role agency --password-stdin --db " + db, "mat-khau-dai", &out), 2);
  EXPECT_TRUE(contains(out, "--agency")) << out;
  EXPECT_EQ(run_cli("user add sanxuat --role producer --agency 'Sở Y tế' --password-stdin --db " + db, "mat-khau-dai", &out), 2);
  EXPECT_TRUE(contains(out, "only agency accounts")) << out;
  EXPECT_EQ(run_cli("user add soxd --role agency --agency 'Sở Xây dựng' --config " + config_path +
                        " --password-stdin --db " + db,
                    "mat-khau-dai", &out),
            2);
  EXPECT_TRUE(contains(out, "not one of the agencies")) << out;
  // With the config file, a spelling that differs only in case and diacritics takes the configured one.
  EXPECT_EQ(run_cli("user add soyte --role agency --agency 'so y te' --config " + config_path + " --password-stdin --db " + db,
                    "mat-khau-dai", &out),
            0)
      << out;
  auto health = login("soyte", "mat-khau-dai");
  EXPECT_EQ(health->get("/api/me").json()["agency"], kHealth);
}
