// The public side: submitting questions and following them by ticket, and every
// kind of bad input answered with a JSON 4xx while nothing half-written is stored.
#include <fstream>

#include "live_server.hpp"
#include "shared_data.hpp"

using namespace votercast::test;

namespace {

int count_questions(HttpClient& staff) {
  const auto r = staff.get("/api/questions?limit=500");
  EXPECT_EQ(r.status, 200) << r.body;
  return static_cast<int>(r.json()["questions"].size());
}



}  // namespace

class PublicApi : public LiveServer {};

TEST_F(PublicApi, SubmitJsonThenFollowTheTicket) {
  auto voter = client();
  const auto created = submit(*voter, "Đường ĐT743 đoạn qua phường Hòa Phú xuống cấp. Khi nào sửa?");
  EXPECT_GT(created["id"].get<int>(), 0);
  EXPECT_EQ(created["state"], "pending");
  const std::string ticket = created["ticket"];
  ASSERT_EQ(ticket.size(), 8u);

  auto status = voter->get("/api/tickets/" + ticket);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json()["status"], "received");
  EXPECT_EQ(status.json()["status_label"], "Đã tiếp nhận, đang chờ duyệt");
  EXPECT_FALSE(status.json().contains("phone")) << "the public view must not show the phone number";
  EXPECT_FALSE(status.json().contains("name"));

  // Typed back by a voter: lower case, with a hyphen.
  std::string typed = ticket.substr(0, 4) + "-" + ticket.substr(4);
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(voter->get("/api/tickets/" + typed).status, 200);
  expect_error(voter->get("/api/tickets/ZZZZZZZZ"), 404, "ticket_not_found");
  expect_error(voter->get("/api/tickets/not-a-ticket!"), 400, "bad_ticket");
}

TEST_F(PublicApi, NoJavaScriptFormWorks) {
  auto voter = client();
  const std::string form = "name=L%C3%AA+V%C4%83n+T%C3%A1m&phone=%2B84903111222&area=An+Ph%C3%BA&topic=%C4%91%E1%BA%A5t+%C4%91ai"
                           "&text=H%E1%BB%93+s%C6%A1+%C4%91%E1%BA%A5t+ch%E1%BA%ADm";
  auto json = voter->request("POST", "/api/questions", form, {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(json.status, 201) << json.body;
  auto page = voter->request("POST", "/api/questions", form,
                             {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}});
  ASSERT_EQ(page.status, 201) << page.body;
  EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("Mã theo dõi"), std::string::npos);

  auto staff = admin();
  const auto stored = staff->get("/api/questions/" + std::to_string(json.json()["id"].get<int>())).json();
  EXPECT_EQ(stored["name"], "Lê Văn Tám");
  EXPECT_EQ(stored["text"], "Hồ sơ đất chậm");
  EXPECT_EQ(stored["phone"], "+84903111222");
  expect_error(voter->request("POST", "/api/questions", "text=%ZZ", {{"Content-Type", "application/x-www-form-urlencoded"}}),
               400, "bad_form_encoding");
}

TEST_F(PublicApi, EveryBadInputGetsAClearJsonErrorAndStoresNothing) {
  auto voter = client();
  auto staff = admin();
  const int before = count_questions(*staff);

  expect_error(voter->request("POST", "/api/questions", "{\"text\": \"thiếu ngoặc\""), 400, "malformed_json");
  expect_error(voter->request("POST", "/api/questions", "[1,2,3]"), 400, "expected_object");
  expect_error(voter->request("POST", "/api/questions", ""), 400, "empty_body");
  expect_error(voter->post("/api/questions", {{"text", 42}}), 400, "wrong_type");
  expect_error(voter->post("/api/questions", {{"text", "Câu hỏi"}, {"name", nlohmann::json::array()}}), 400, "wrong_type");
  expect_error(voter->post("/api/questions", {{"name", "Không có nội dung"}}), 400, "missing_field");
  expect_error(voter->post("/api/questions", {{"text", "   \t\n  "}}), 400, "text_required");
  expect_error(voter->post("/api/questions", {{"text", std::string(1001, 'a')}}), 400, "text_too_long");
  expect_error(voter->post("/api/questions", {{"text", "Câu hỏi"}, {"phone", "gọi tôi"}}), 400, "phone_invalid");
  expect_error(voter->post("/api/questions", {{"text", "Câu hỏi"}, {"channel", "fax"}}), 400, "unknown_channel");
  expect_error(voter->post("/api/questions", {{"text", "Câu hỏi"}, {"channel", "staff"}}), 401, "not_logged_in");
  // Invalid UTF-8 inside a JSON string, and in a form value.
  expect_error(voter->request("POST", "/api/questions", "{\"text\": \"c\xC3\x28u h\xFFi\"}"), 400, "malformed_json");
  expect_error(voter->request("POST", "/api/questions", "text=c%C3%28u", {{"Content-Type", "application/x-www-form-urlencoded"}}),
               400, "invalid_utf8");
  expect_error(voter->request("POST", "/api/questions", "<q>xml</q>", {{"Content-Type", "application/xml"}}), 415,
               "unsupported_media_type");
  expect_error(voter->request("POST", "/api/questions", "{\"text\":\"" + std::string(70 * 1024, 'x') + "\"}"), 413,
               "body_too_large");
  expect_error(voter->request("GET", "/api/questions", "", {{"X-Padding", std::string(10 * 1024, 'p')}}), 431,
               "headers_too_large");
  expect_error(voter->get("/api/no-such-thing"), 404, "not_found");
  expect_error(voter->request("DELETE", "/api/questions"), 405, "method_not_allowed");
  expect_error(voter->get("/api/questions/abc"), 401, "not_logged_in");
  expect_error(staff->get("/api/questions/abc"), 400, "bad_id");
  expect_error(staff->get("/api/questions/999999"), 404, "question_not_found");
  expect_error(staff->get("/api/questions?state=deleted"), 400, "unknown_state");
  expect_error(staff->get("/api/questions?limit=100000"), 400, "bad_limit");
  expect_error(staff->get("/api/questions?after=-3"), 400, "bad_id");
  EXPECT_EQ(raw_status(voter->raw("THIS IS NOT HTTP\r\n\r\n")), 400);

  EXPECT_EQ(count_questions(*staff), before) << "a rejected request must not leave a row behind";
  EXPECT_EQ(voter->get("/healthz").status, 200) << "the server keeps serving";
}

TEST_F(PublicApi, AdversarialTextIsStoredVerbatimOrRefusedClearly) {
  auto voter = client();
  auto staff = admin();
  for (const auto& item : read_shared_jsonl("adversarial.jsonl")) {
    std::string text;
    if (item.contains("text")) text = item["text"];
    else if (item.contains("text_repeat"))
      for (int i = 0; i < item["repeat"].get<int>(); ++i) text += item["text_repeat"].get<std::string>();
    else continue;  // the NFD case is covered by the unit tests
    const auto r = voter->post("/api/questions", {{"text", text}, {"name", "Kiểm thử"}});
    const std::string why = item["why"];
    if (why == "very long text") {
      expect_error(r, 400, "text_too_long");
    } else if (why == "empty after trimming") {
      expect_error(r, 400, "text_required");
    } else {
      ASSERT_EQ(r.status, 201) << why << ": " << r.body;
      const auto q = staff->get("/api/questions/" + std::to_string(r.json()["id"].get<int>())).json();
      const auto stored = q["text"].get<std::string>();
      if (why.find("injection") != std::string::npos || why.find("SQL") != std::string::npos) {
        EXPECT_EQ(stored, text) << why;
      }
      if (why == "control characters") {
        EXPECT_EQ(stored.find('\a'), std::string::npos);
      }
      if (why == "right-to-left override") {
        EXPECT_EQ(stored.find("\u202E"), std::string::npos);
      }
      if (why.find("profanity") != std::string::npos) {
        EXPECT_TRUE(q["flags"]["profanity"].get<bool>()) << q.dump();
      }
    }
  }
  // The whole data set of realistic questions goes through.
  for (const auto& item : read_shared_jsonl("questions.vi.jsonl")) {
    nlohmann::json body = item;
    body.erase("channel");
    const auto r = voter->post("/api/questions", body);
    EXPECT_EQ(r.status, 201) << item.dump() << " -> " << r.body;
  }
  EXPECT_EQ(voter->get("/healthz").status, 200);
}

TEST_F(PublicApi, HealthAndMetrics) {
  auto c = client();
  const auto health = c->get("/healthz");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(health.json()["status"], "ok");
  submit(*c, "Câu hỏi để đếm");
  const auto metrics = c->get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(metrics.body.find("votercast_http_requests_total{method=\"POST\",route=\"/api/questions\",status=\"201\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("votercast_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("votercast_store_queue_depth"), std::string::npos);
  const auto page = c->get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Gửi câu hỏi"), std::string::npos);
  EXPECT_EQ(c->get("/../CMakeLists.txt").status, 404);
}

TEST_F(PublicApi, ConfigFileSetsPublicSettingsAndTyposAreRefused) {
  const auto toml = dir.file("votercast.toml");
  std::ofstream(toml) << "public_url = \"https://hoidap.example.vn\"\n"
                         "topics = [\"giao thông\", \"đất đai\"]\n"
                         "areas = [\"TP. Dĩ An\"]\n"
                         "agencies = [\"Sở Xây dựng\"]\n"
                         "[sms.kannel]\nenabled = true\nsecret = \"s3cret\"\n";
  server->stop();
  start({"--config", toml});
  const auto settings = client()->get("/api/config/public").json();
  EXPECT_EQ(settings["public_url"], "https://hoidap.example.vn");
  EXPECT_EQ(settings["topics"], nlohmann::json({"giao thông", "đất đai"}));
  EXPECT_EQ(settings["agencies"], nlohmann::json({"Sở Xây dựng"}));
  EXPECT_FALSE(settings.dump().find("s3cret") != std::string::npos) << "gateway secrets are not public";

  const auto typo = dir.file("typo.toml");
  std::ofstream(typo) << "publik_url = \"https://x\"\n";
  std::string out;
  EXPECT_EQ(run_cli("serve --port 0 --db " + db + " --config " + typo, "", &out), 1);
  EXPECT_NE(out.find("unknown setting 'publik_url'"), std::string::npos) << out;
}
