// The SMS a voter gets when their question is answered, against the real server: a question
// arrives by SMS, is forwarded and answered, and votercast sends one SMS through the gateway
// it came from. Local capture endpoints (capture_endpoint.hpp) stand in for Twilio's Messages
// API, Jasmin's /send and an 8x77 aggregator's MT URL, none of which runs here; the real
// Kannel's sendsms is in test_sms_kannel.cpp.
#include <fstream>
#include <map>
#include <thread>

#include "capture_endpoint.hpp"
#include "core/sms/twilio_signature.hpp"
#include "core/store/database.hpp"
#include "live_server.hpp"
#include "web/config/sms_settings.hpp"
#include "sms_test_support.hpp"

namespace votercast::test {
namespace {

using sms::form;
using sms::parse_form;
using sms::url_decode;

constexpr const char* kPublicUrl = "https://hoidap.example.vn";
constexpr const char* kTwilioToken = "twilio-auth-token-abc";
constexpr const char* kTwilioUrl = "https://hoidap.example.vn/sms/twilio";
constexpr const char* kAccountSid = "AC0123456789abcdef0123456789abcdef";
constexpr const char* kJasminSecret = "jasmin-bi-mat-456";
constexpr const char* kShortcodeSecret = "8x77-bi-mat-789";
const std::string kRoads = "Sở Giao thông Vận tải";
const Headers kForm = {{"Content-Type", "application/x-www-form-urlencoded"}};
const CaptureEndpoint::Answer kTwilioCreated{201, R"({"sid": "SM0123456789abcdef", "status": "queued"})",
                                             "application/json"};

std::string answered_text(const std::string& ticket) {
  return "Cau hoi " + ticket + " da co tra loi. Xem tai " + std::string(kPublicUrl) + "/t/" + ticket;
}

class SmsAnswers : public LiveServer {
 protected:
  CaptureEndpoint twilio_api{{kTwilioCreated}};
  CaptureEndpoint jasmin_api{{{200, "Success \"07033084-5cfd-4812-90a4-e4d24ffb6e3d\""}}};
  CaptureEndpoint aggregator{{{200, "1"}}};
  std::string config_path = dir.file("votercast.json");
  std::unique_ptr<HttpClient> producer;

  void SetUp() override {
    std::ofstream(config_path) << config().dump(2);
    start({"--config", config_path});
    producer = staff("sanxuat", "producer");
  }

  nlohmann::json config() const {
    return {{"public_url", kPublicUrl},
            {"agencies", {kRoads}},
            {"sms",
             {{"twilio",
               {{"enabled", true},
                {"auth_token", kTwilioToken},
                {"url", kTwilioUrl},
                {"account_sid", kAccountSid},
                {"from", "+15005550006"},
                {"api_base", twilio_api.base_url()}}},
              {"jasmin",
               {{"enabled", true},
                {"secret", kJasminSecret},
                {"send_url", jasmin_api.base_url() + "/send"},
                {"send_user", "votercast"},
                {"send_pass", "jasmin-pw"}}},
              {"shortcode",
               {{"enabled", true},
                {"secret", kShortcodeSecret},
                {"mt_url", aggregator.base_url() + "/mt"},
                {"service_id", "8077"}}},
              {"outbox", {{"retry_seconds", 1}}}}}};
  }

  void restart() {
    server->kill9();
    start({"--config", config_path});
    producer = login("sanxuat", "mat-khau-sanxuat");
  }

  // An SMS through Twilio, as Twilio signs it; returns the ticket from the TwiML reply.
  std::string twilio_sms(const std::string& sid, const std::string& from, const std::string& body) {
    const std::vector<std::pair<std::string, std::string>> fields = {
        {"AccountSid", kAccountSid}, {"Body", body}, {"From", from}, {"MessageSid", sid}, {"To", "+15005550006"}};
    Headers headers = kForm;
    headers.emplace_back("X-Twilio-Signature", core::sms::twilio_signature(
                                                   kTwilioToken, kTwilioUrl, core::sms::SmsParams(fields.begin(), fields.end())));
    const auto r = client()->request("POST", "/sms/twilio", form(fields), headers);
    EXPECT_EQ(r.status, 200) << r.body;
    return sms::ticket_in(r.body);
  }

  void jasmin_sms(const std::string& id, const std::string& from, const std::string& content) {
    const auto r = client()->request("POST", std::string("/sms/jasmin?secret=") + kJasminSecret,
                                     form({{"id", id}, {"from", from}, {"to", "8077"}, {"coding", "0"},
                                           {"origin-connector", "viettel-smpp"}, {"content", content}}),
                                     kForm);
    EXPECT_EQ(r.status, 200) << r.body;
  }

  std::string shortcode_sms(const std::string& request_id, const std::string& user_id, const std::string& message) {
    const auto r = client()->get(std::string("/sms/shortcode?secret=") + kShortcodeSecret + "&" +
                                 form({{"User_ID", user_id}, {"Service_ID", "8077"}, {"Command_Code", "DT"},
                                       {"Message", message}, {"Request_ID", request_id}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return sms::ticket_in(url_decode(r.body));
  }

  nlohmann::json question_from(const std::string& phone) {
    const auto body = producer->get("/api/questions?limit=500").json();
    for (const auto& q : body["questions"])
      if (q["phone"] == phone) return q;
    ADD_FAILURE() << "no question from " << phone;
    return nlohmann::json::object();
  }

  // pending -> approved -> forwarded -> answered, by the producer; the answered question.
  nlohmann::json answer(const nlohmann::json& q) {
    const auto id = q["id"].get<std::int64_t>();
    transition(*producer, id, "approved", q["version"].get<std::int64_t>());
    const auto forwarded = transition(*producer, id, "forwarded", q["version"].get<std::int64_t>() + 1, 200,
                                      {{"agency", kRoads}});
    const auto r = producer->post("/api/questions/" + std::to_string(id) + "/answer",
                                  {{"version", forwarded["version"]},
                                   {"text", "Sở đã lên kế hoạch sửa chữa đoạn đường này trong quý tới."}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  nlohmann::json outbox(const std::string& query = "") {
    const auto r = producer->get("/api/sms/outbox" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  // The sender's passes over the outbox, as /metrics counts them.
  std::int64_t sender_passes() {
    const auto metrics = client()->get("/metrics").body;
    const std::string name = "\nvotercast_sms_sender_passes ";
    const auto at = metrics.find(name);
    if (at == std::string::npos) return -1;
    return std::stoll(metrics.substr(at + name.size()));
  }

  // Two whole passes of the sender from now: whatever was owed now has been sent by then,
  // so what the capture endpoints hold afterwards is all there will be.
  void let_the_sender_look_twice() {
    const auto from = sender_passes();
    ASSERT_GE(from, 0) << "no votercast_sms_sender_passes in /metrics";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (sender_passes() < from + 2) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the SMS sender stopped passing over the outbox";
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  // The outbox row of a question once it is no longer pending (or null after `timeout`).
  nlohmann::json settled_row(std::int64_t question_id, std::chrono::seconds timeout = std::chrono::seconds(15)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto box = outbox();
      for (const auto& m : box["messages"])
        if (m["question_id"] == question_id && m["state"] != "pending") return m;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the SMS for question " << question_id << " is still pending or missing: " << outbox().dump();
    return nullptr;
  }
};

TEST_F(SmsAnswers, TwilioVoterGetsOneSmsWithTheTicketWhenTheQuestionIsAnswered) {
  const auto ticket = twilio_sms("SM00000000000000000000000000000001", "+84912000111", "DT Đường ĐT743 khi nào sửa?");
  ASSERT_EQ(ticket.size(), 8u);
  const auto q = question_from("+84912000111");
  let_the_sender_look_twice();
  EXPECT_TRUE(twilio_api.requests().empty()) << "nothing is sent before the answer";
  answer(q);

  ASSERT_TRUE(twilio_api.wait_for(1, std::chrono::seconds(10))) << server->output();
  const auto sent = twilio_api.requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target, std::string("/2010-04-01/Accounts/") + kAccountSid + "/Messages.json");
  EXPECT_EQ(sent.headers.at("authorization"),
            "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0d2lsaW8tYXV0aC10b2tlbi1hYmM=");
  EXPECT_EQ(sent.headers.at("content-type"), "application/x-www-form-urlencoded");
  const auto fields = parse_form(sent.body);
  EXPECT_EQ(fields.at("To"), "+84912000111");
  EXPECT_EQ(fields.at("From"), "+15005550006");
  EXPECT_EQ(fields.at("Body"), answered_text(ticket));

  const auto row = settled_row(q["id"].get<std::int64_t>());
  EXPECT_EQ(row["state"], "sent");
  EXPECT_EQ(row["gateway"], "twilio");
  EXPECT_EQ(row["to"], "+84912000111");
  EXPECT_EQ(row["attempts"], 1);
  EXPECT_EQ(row["gateway_message_id"], "SM0123456789abcdef");
  EXPECT_TRUE(row["sent_at"].is_string());
  let_the_sender_look_twice();
  EXPECT_EQ(twilio_api.requests().size(), 1u) << "exactly one SMS";
  EXPECT_EQ(outbox("?state=sent")["counts"], (nlohmann::json{{"pending", 0}, {"sent", 1}, {"failed", 0}}));
}

TEST_F(SmsAnswers, JasminAndTheAggregatorEachSendThroughTheirOwnApi) {
  jasmin_sms("5d8a1c4e-0001", "84912000222", "DT Đèn đường ở phường Phú Hòa hỏng");
  const auto ticket = shortcode_sms("r-1", "84912000333", "DT Cầu Phú Cường bao giờ sửa?");
  ASSERT_EQ(ticket.size(), 8u);
  const auto by_jasmin = question_from("+84912000222");
  const auto by_shortcode = question_from("+84912000333");
  answer(by_jasmin);
  answer(by_shortcode);

  ASSERT_TRUE(jasmin_api.wait_for(1, std::chrono::seconds(10))) << server->output();
  const auto j = jasmin_api.requests().at(0);
  EXPECT_EQ(j.method, "GET");
  const auto query = parse_form(j.target.substr(j.target.find('?') + 1));
  EXPECT_TRUE(j.target.starts_with("/send?")) << j.target;
  EXPECT_EQ(query.at("username"), "votercast");
  EXPECT_EQ(query.at("password"), "jasmin-pw");
  EXPECT_EQ(query.at("to"), "+84912000222");
  EXPECT_EQ(query.at("coding"), "0");
  EXPECT_EQ(query.at("content"), answered_text(by_jasmin["ticket"]));

  ASSERT_TRUE(aggregator.wait_for(1, std::chrono::seconds(10))) << server->output();
  const auto a = aggregator.requests().at(0);
  EXPECT_EQ(a.method, "POST");
  EXPECT_EQ(a.target, "/mt");
  const auto mt = parse_form(a.body);
  EXPECT_EQ(mt.at("User_ID"), "84912000333");
  EXPECT_EQ(mt.at("Service_ID"), "8077");
  EXPECT_EQ(mt.at("Command_Code"), "DT");
  EXPECT_EQ(mt.at("Request_ID"), "0");
  EXPECT_EQ(mt.at("secret"), kShortcodeSecret);
  EXPECT_EQ(mt.at("Message"), answered_text(ticket));

  EXPECT_EQ(settled_row(by_jasmin["id"].get<std::int64_t>())["gateway_message_id"],
            "07033084-5cfd-4812-90a4-e4d24ffb6e3d");
  EXPECT_EQ(settled_row(by_shortcode["id"].get<std::int64_t>())["state"], "sent");
  EXPECT_TRUE(twilio_api.requests().empty());
}

TEST_F(SmsAnswers, ABusyGatewayIsAskedAgainAndARefusalIsFinal) {
  twilio_api.answer_with({{503, "busy"}, {503, "busy"}, kTwilioCreated});
  twilio_sms("SM00000000000000000000000000000002", "+84912000444", "DT Nước sinh hoạt bị đục");
  const auto busy = question_from("+84912000444");
  answer(busy);
  ASSERT_TRUE(twilio_api.wait_for(3, std::chrono::seconds(15))) << server->output();
  auto row = settled_row(busy["id"].get<std::int64_t>());
  EXPECT_EQ(row["state"], "sent");
  EXPECT_EQ(row["attempts"], 3);
  EXPECT_EQ(row["last_error"], "HTTP 503: busy");
  const auto attempts = twilio_api.requests();
  EXPECT_EQ(attempts[0].body, attempts[2].body) << "the same SMS each time";

  twilio_api.answer_with({{400, R"({"code": 21211, "message": "The 'To' number is not a valid phone number."})",
                           "application/json"},
                          kTwilioCreated});
  twilio_sms("SM00000000000000000000000000000003", "+84912000555", "DT Trường học thiếu phòng");
  const auto refused = question_from("+84912000555");
  answer(refused);
  row = settled_row(refused["id"].get<std::int64_t>());
  EXPECT_EQ(row["state"], "failed");
  EXPECT_EQ(row["attempts"], 1);
  EXPECT_EQ(row["last_error"], "HTTP 400: 21211 The 'To' number is not a valid phone number.");
  let_the_sender_look_twice();
  EXPECT_EQ(twilio_api.requests().size(), 4u) << "a refusal is not asked again";
  const auto failed = outbox("?state=failed")["messages"];
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["question_id"], refused["id"]);

  // What a station's monitoring scrapes: a failed answer SMS is worth an alert.
  const auto metrics = client()->get("/metrics").body;
  EXPECT_NE(metrics.find("\nvotercast_sms_outbox_sent 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("\nvotercast_sms_outbox_failed 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("\nvotercast_sms_outbox_pending 0\n"), std::string::npos) << metrics;
}

TEST_F(SmsAnswers, AnSmsNotYetSentWhenTheServerDiesIsSentOnceAfterTheRestart) {
  twilio_api.answer_with({{503, "down for maintenance"}});
  const auto ticket = twilio_sms("SM00000000000000000000000000000004", "+84912000666", "DT Chợ Thủ Dầu Một ngập");
  const auto q = question_from("+84912000666");
  answer(q);
  ASSERT_TRUE(twilio_api.wait_for(1, std::chrono::seconds(10)));
  restart();
  twilio_api.answer_with({kTwilioCreated});
  const auto row = settled_row(q["id"].get<std::int64_t>());
  EXPECT_EQ(row["state"], "sent");
  let_the_sender_look_twice();
  int accepted = 0;
  for (const auto& r : twilio_api.requests()) accepted += r.answered == 201;
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(parse_form(twilio_api.requests().back().body).at("Body"), answered_text(ticket));
}

// Killed while the answers go out to a slow gateway: every voter still gets theirs. One the
// gateway took just before the kill, before the server wrote it down, goes again after the
// restart: at least once, as the README says, never none.
TEST_F(SmsAnswers, KilledWhileAnswersAreBeingSentNoVoterIsLeftWithout) {
  constexpr int kVoters = 10;
  twilio_api.answer_with({{503, "not yet"}});  // held until every answer is in the outbox
  std::vector<std::string> phones;
  for (int i = 0; i < kVoters; ++i) {
    phones.push_back("+8491200070" + std::to_string(i));
    twilio_sms("SM0000000000000000000000000000070" + std::to_string(i), phones.back(),
               "DT Den duong hem " + std::to_string(i) + " khu pho 3 bi hong");
  }
  for (const auto& phone : phones) answer(question_from(phone));
  auto slow = kTwilioCreated;
  slow.delay = std::chrono::milliseconds(300);
  twilio_api.answer_with({slow});
  const auto refused_before = twilio_api.requests().size();
  ASSERT_TRUE(twilio_api.wait_for(refused_before + 3, std::chrono::seconds(20)));
  restart();  // SIGKILL, mid-way through the outbox

  const auto accepted_by_phone = [&] {
    std::map<std::string, int> accepted;
    for (const auto& r : twilio_api.requests())
      if (r.answered == 201) ++accepted[parse_form(r.body).at("To")];
    return accepted;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (accepted_by_phone().size() < phones.size() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  let_the_sender_look_twice();
  const auto accepted = accepted_by_phone();
  int twice = 0;
  for (const auto& phone : phones) {
    const auto it = accepted.find(phone);
    ASSERT_NE(it, accepted.end()) << phone << " never got the answer";
    EXPECT_LE(it->second, 2) << phone;
    twice += it->second - 1;
  }
  EXPECT_LE(twice, 2) << "only what was in flight at the kill goes twice";
  const auto box = outbox();  // kept: the loop reads into it
  for (const auto& m : box["messages"]) EXPECT_EQ(m["state"], "sent") << m.dump();
}

TEST_F(SmsAnswers, AnAnswerWhoseSmsWasNotEnqueuedBeforeACrashIsFoundAtTheNextStart) {
  twilio_api.answer_with({{503, "down for maintenance"}});
  const auto ticket = twilio_sms("SM00000000000000000000000000000005", "+84912000777", "DT Đường ngập khi mưa");
  const auto q = question_from("+84912000777");
  answer(q);
  ASSERT_TRUE(twilio_api.wait_for(1, std::chrono::seconds(10)));
  server->kill9();
  // As if it died between the answer's commit and the outbox row's.
  {
    core::store::Database db(this->db);
    db.prepare("DELETE FROM sms_outbox").run();
  }
  twilio_api.answer_with({kTwilioCreated});
  start({"--config", config_path});
  producer = login("sanxuat", "mat-khau-sanxuat");
  const auto row = settled_row(q["id"].get<std::int64_t>());
  EXPECT_EQ(row["state"], "sent");
  EXPECT_EQ(row["attempts"], 1) << "a new row";
  let_the_sender_look_twice();
  const auto requests = twilio_api.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].answered, 201);
  EXPECT_EQ(parse_form(requests[1].body).at("Body"), answered_text(ticket));
}

TEST_F(SmsAnswers, AnsweredWebQuestionsGetNoSms) {
  const auto web = submit(*client(), "Khi nào sửa đường ĐT743?");
  answer(producer->get("/api/questions/" + std::to_string(web["id"].get<std::int64_t>())).json());
  let_the_sender_look_twice();
  EXPECT_TRUE(twilio_api.requests().empty());
  EXPECT_TRUE(jasmin_api.requests().empty());
  EXPECT_TRUE(aggregator.requests().empty());
  EXPECT_TRUE(outbox()["messages"].empty());
}

TEST_F(SmsAnswers, OnlyProducersAndAdminsSeeTheOutbox) {
  EXPECT_EQ(client()->get("/api/sms/outbox").status, 401);
  EXPECT_EQ(staff("kiemduyet", "moderator")->get("/api/sms/outbox").status, 403);
  EXPECT_EQ(staff("goilai", "screener")->get("/api/sms/outbox").status, 403);
  EXPECT_EQ(admin()->get("/api/sms/outbox").status, 200);
  EXPECT_EQ(producer->get("/api/sms/outbox?state=queued").status, 400);
}

std::string settings_error(const nlohmann::json& sms) {
  try {
    web::parse_sms_settings(sms);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(SmsSendSettings, EachGatewaySendsOnlyWhenConfiguredAndMistakesNameTheKey) {
  const auto none = web::parse_sms_settings(nlohmann::json::object());
  for (const char* g : {"kannel", "jasmin", "twilio", "shortcode", "other"}) EXPECT_FALSE(none.sends_through(g)) << g;
  EXPECT_EQ(none.outbox.retry_seconds, 30);
  EXPECT_EQ(none.outbox.max_attempts, 8);
  EXPECT_EQ(none.outbox.timeout_seconds, 5);
  EXPECT_EQ(none.twilio.api_base, "https://api.twilio.com");
  EXPECT_EQ(none.shortcode.command_code, "DT");

  const auto all = web::parse_sms_settings(
      {{"kannel", {{"sendsms_url", "http://127.0.0.1:13013/cgi-bin/sendsms"}, {"sendsms_user", "u"}}},
       {"jasmin", {{"send_url", "http://127.0.0.1:1401/send"}, {"send_user", "u"}, {"send_pass", "p"}}},
       {"twilio", {{"account_sid", "AC1"}, {"auth_token", "t"}, {"messaging_service_sid", "MG1"}}},
       {"shortcode", {{"mt_url", "https://mt.example.vn/push"}, {"service_id", "8077"}}},
       {"outbox", {{"retry_seconds", 1}, {"max_attempts", 3}, {"timeout_seconds", 2}}}});
  for (const char* g : {"kannel", "jasmin", "twilio", "shortcode"}) EXPECT_TRUE(all.sends_through(g)) << g;
  EXPECT_EQ(all.outbox.max_attempts, 3);

  const std::vector<std::pair<nlohmann::json, std::string>> mistakes = {
      {{{"kannel", {{"sendsms_url", "127.0.0.1:13013/cgi-bin/sendsms"}}}}, "'sms.kannel.sendsms_url' must be a full http"},
      {{{"kannel", {{"sendsms_url", "http://127.0.0.1:13013/"}}}}, "'sms.kannel.sendsms_user' is required"},
      {{{"jasmin", {{"send_url", "http://h/send"}, {"send_user", "u"}}}}, "'sms.jasmin.send_pass' is required"},
      {{{"twilio", {{"account_sid", "AC1"}, {"from", "+1"}}}}, "'sms.twilio.auth_token' is required"},
      {{{"twilio", {{"account_sid", "AC1"}, {"auth_token", "t"}}}}, "'sms.twilio.from' (or messaging_service_sid)"},
      {{{"twilio", {{"api_base", "ftp://x"}}}}, "'sms.twilio.api_base' must be a full http"},
      {{{"shortcode", {{"mt_url", "http://h/mt"}}}}, "'sms.shortcode.service_id' is required"},
      {{{"outbox", {{"retry_seconds", 0}}}}, "'sms.outbox.retry_seconds' must be a whole number"},
      {{{"outbox", {{"retries", 3}}}}, "unknown setting 'sms.outbox.retries'"},
      {{{"replies", {{"answered", "{answer}"}}}}, "'sms.replies.answered' is not a valid template"},
      {{{"replies", {{"answered_short", "Đã có trả lời"}}}}, "'sms.replies.answered_short' must contain {ticket}"},
  };
  for (const auto& [sms, expected] : mistakes)
    EXPECT_NE(settings_error(sms).find(expected), std::string::npos) << sms.dump() << "\n" << settings_error(sms);
}

}  // namespace
}  // namespace votercast::test
