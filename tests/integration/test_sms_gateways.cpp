// SMS intake end to end against the real server: each gateway's request shape, the store
// (once per message id), the replies, and the refusals.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <tuple>

#include "core/sms/twilio_signature.hpp"
#include "live_server.hpp"
#include "sms_test_support.hpp"

namespace votercast::test {
namespace {

using sms::form;
using sms::ticket_in;
using sms::url_encode;
using sms::utf16be;

constexpr const char* kPublicUrl = "https://hoidap.example.vn";
constexpr const char* kKannelSecret = "kannel-bi-mat-123";
constexpr const char* kJasminSecret = "jasmin-bi-mat-456";
constexpr const char* kShortcodeSecret = "8x77-bi-mat-789";
constexpr const char* kTwilioToken = "twilio-auth-token-abc";
constexpr const char* kTwilioUrl = "https://hoidap.example.vn/sms/twilio";
const Headers kForm = {{"Content-Type", "application/x-www-form-urlencoded"}};

std::string acknowledgement(const std::string& ticket) {
  return "Cam on ban. Ma cau hoi: " + ticket + ". Theo doi tai " + kPublicUrl + "/t/" + ticket;
}

nlohmann::json gateways_config() {
  return {{"public_url", kPublicUrl},
          {"sms",
           {{"kannel", {{"enabled", true}, {"secret", kKannelSecret}, {"allow_ips", {"127.0.0.1"}}}},
            {"jasmin", {{"enabled", true}, {"secret", kJasminSecret}}},
            {"twilio", {{"enabled", true}, {"auth_token", kTwilioToken}, {"url", kTwilioUrl}}},
            {"shortcode", {{"enabled", true}, {"secret", kShortcodeSecret}, {"allow_ips", {"127.0.0.0/8"}}}},
            {"keywords",
             {{{"keyword", "DT"}, {"action", "question"}},
              {{"keyword", "HOI"}, {"action", "question"}, {"accented", {"hỏi"}}},
              {{"keyword", "BC"}, {"action", "poll_vote"}},
              {{"keyword", "TG"}, {"action", "help"}}}},
            {"rate_limit", {{"messages", 5}, {"per_minutes", 10}}}}}};
}

class SmsGateways : public LiveServer {
 protected:
  void SetUp() override { start({"--config", write_config(config())}); }
  virtual nlohmann::json config() const { return gateways_config(); }

  std::string write_config(const nlohmann::json& j) {
    const auto path = dir.file("sms-" + std::to_string(++configs_) + ".json");
    std::ofstream(path) << j.dump(2);
    return path;
  }

  // A Kannel get-url request as the sms-service template makes it; `text` is the raw bytes.
  static std::string kannel_target(const std::string& from, const std::string& text, const std::string& id,
                                   const std::string& coding = "0", const std::string& charset = "UTF-8",
                                   const std::string& secret = kKannelSecret) {
    std::string t = "/sms/kannel?secret=" + url_encode(secret) + "&from=" + url_encode(from) +
                    "&to=8077&text=" + url_encode(text) + "&ts=1764239999&smsc=viettel&coding=" + coding;
    if (!charset.empty()) t += "&charset=" + url_encode(charset);
    if (!id.empty()) t += "&id=" + url_encode(id);
    return t;
  }

  HttpResult kannel(const std::string& from, const std::string& text, const std::string& id) {
    return client()->get(kannel_target(from, text, id));
  }

  // The acknowledged ticket, after checking the answer is Kannel's kind.
  std::string kannel_ticket(const std::string& from, const std::string& text, const std::string& id) {
    const auto r = kannel(from, text, id);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "text/plain; charset=utf-8");
    const auto ticket = ticket_in(r.body);
    EXPECT_EQ(r.body, acknowledgement(ticket));
    return ticket;
  }

  HttpClient& staff_client() {
    if (!staff_) staff_ = admin();
    return *staff_;
  }

  // Every question that came by SMS, oldest first.
  std::vector<nlohmann::json> sms_questions() {
    std::vector<nlohmann::json> out;
    const auto r = staff_client().get("/api/questions?limit=500");
    EXPECT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    for (const auto& q : body["questions"])
      if (q["channel"] == "sms") out.push_back(q);
    return out;
  }

  nlohmann::json question_with_ticket(const std::string& ticket) {
    for (auto& q : sms_questions())
      if (q["ticket"] == ticket) return q;
    ADD_FAILURE() << "no SMS question has ticket '" << ticket << "'";
    return nlohmann::json::object();
  }

  static std::string twilio_signature(const std::vector<std::pair<std::string, std::string>>& fields,
                                      const std::string& url = kTwilioUrl, const std::string& token = kTwilioToken) {
    return core::sms::twilio_signature(token, url, core::sms::SmsParams(fields.begin(), fields.end()));
  }

  HttpResult twilio(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& signature) {
    Headers headers = kForm;
    headers.emplace_back("X-Twilio-Signature", signature);
    return client()->request("POST", "/sms/twilio", form(fields), headers);
  }

  static std::vector<std::pair<std::string, std::string>> twilio_fields(const std::string& sid, const std::string& from,
                                                                        const std::string& body) {
    return {{"AccountSid", "AC0123456789abcdef0123456789abcdef"},
            {"ApiVersion", "2010-04-01"},
            {"Body", body},
            {"From", from},
            {"MessageSid", sid},
            {"NumMedia", "0"},
            {"NumSegments", "1"},
            {"SmsSid", sid},
            {"To", "+15005550006"}};
  }

  HttpResult jasmin(const std::vector<std::pair<std::string, std::string>>& fields,
                    const std::string& secret = kJasminSecret) {
    return client()->request("POST", "/sms/jasmin?secret=" + url_encode(secret), form(fields), kForm);
  }

  static std::vector<std::pair<std::string, std::string>> shortcode_fields(const std::string& request_id,
                                                                           const std::string& message) {
    return {{"User_ID", "84912000777"}, {"Service_ID", "8077"},     {"Command_Code", "DT"},
            {"Message", message},       {"Request_ID", request_id}, {"Operator", "Viettel"}};
  }

  HttpResult shortcode_get(const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::string& secret = kShortcodeSecret) {
    return client()->get("/sms/shortcode?secret=" + url_encode(secret) + "&" + form(fields));
  }

  void set_paused(bool paused) {
    const auto r = staff_client().request("PUT", "/api/intake", nlohmann::json{{"paused", paused}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }

 private:
  int configs_ = 0;
  std::unique_ptr<HttpClient> staff_;
};

TEST_F(SmsGateways, KannelStoresTheQuestionInNfcWithoutItsKeywordAndRepliesWithTheTicket) {
  // "DT Đường ĐT743 bị hỏng" typed in decomposed form (base letters + combining marks).
  const std::string decomposed = "DT \u0110u\u031Bo\u031B\u0300ng \u0110T743 bi\u0323 ho\u0309ng na\u0323\u0306ng";
  const auto ticket = kannel_ticket("84912000111", decomposed, "a3f1c2e0-1b7d-4c55-9a61-0d2f3c4b5a69");
  ASSERT_EQ(ticket.size(), 8u);
  const auto q = question_with_ticket(ticket);
  EXPECT_EQ(q["text"], "Đường ĐT743 bị hỏng nặng");
  EXPECT_EQ(q["phone"], "+84912000111");
  EXPECT_EQ(q["state"], "pending");
  EXPECT_EQ(q["updated_by"], "sms:kannel");

  // The voter's view of the ticket the SMS gave.
  const auto status = client()->get("/api/tickets/" + ticket);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json()["text"], "Đường ĐT743 bị hỏng nặng");
}

TEST_F(SmsGateways, KannelReadsUcs2TextAndEveryKeywordSpelling) {
  struct Case {
    std::string sent;
    std::string stored;
    bool ucs2;
  };
  const std::vector<Case> cases = {
      {"Hỏi: Khi nào sửa cầu Phú Cường?", "Khi nào sửa cầu Phú Cường?", true},
      {"hỏi - Bao giờ có nước sạch ở Tân Uyên?", "Bao giờ có nước sạch ở Tân Uyên?", true},
      {"HOI khi nao sua duong DT743", "khi nao sua duong DT743", false},
      {"Dt, đề nghị làm đèn tín hiệu ở ngã tư", "đề nghị làm đèn tín hiệu ở ngã tư", true},
      // Folds to HOI, but typed with diacritics it is another word: not a keyword.
      {"Hội đồng nhân dân tỉnh có họp tháng này không?", "Hội đồng nhân dân tỉnh có họp tháng này không?", true},
      // No keyword at all: the whole text is the question (unknown_keyword = accept).
      {"“Tại sao” cấp giấy chứng nhận đất chậm?", "“Tại sao” cấp giấy chứng nhận đất chậm?", true},
      {"Emoji 👍 và chữ Việt", "Emoji 👍 và chữ Việt", true},
  };
  int n = 0;
  for (const auto& c : cases) {
    const auto id = "ucs2-case-" + std::to_string(++n);
    const auto from = "+8491200022" + std::to_string(n);  // one number each: the rate limit is 5
    const auto r = client()->get(c.ucs2 ? kannel_target(from, utf16be(c.sent), id, "2", "UTF-16BE")
                                        : kannel_target(from, c.sent, id));
    ASSERT_EQ(r.status, 200) << c.sent << ": " << r.body;
    const auto ticket = ticket_in(r.body);
    ASSERT_FALSE(ticket.empty()) << r.body;
    EXPECT_EQ(question_with_ticket(ticket)["text"], c.stored) << c.sent;
  }
  // coding=2 without a charset is UTF-16BE too (Kannel leaves %C empty on some set-ups).
  const auto r = client()->get(kannel_target("0912000299", utf16be("DT Cầu Bến Súc"), "no-charset", "2", ""));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto q = question_with_ticket(ticket_in(r.body));
  EXPECT_EQ(q["text"], "Cầu Bến Súc");
  EXPECT_EQ(q["phone"], "+84912000299");
}

TEST_F(SmsGateways, KannelPostUrlCarriesTheMessageInTheBody) {
  const auto r = client()->request(
      "POST", "/sms/kannel?secret=" + url_encode(kKannelSecret) + "&from=84912000333&to=8077&id=post-1&coding=2",
      utf16be("DT Trường học xuống cấp"), {{"Content-Type", "text/plain; charset=\"UTF-16BE\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(question_with_ticket(ticket_in(r.body))["text"], "Trường học xuống cấp");
}

TEST_F(SmsGateways, ARepeatedDeliveryGetsTheSameReplyAndNoNewQuestion) {
  const auto first = kannel("84912000444", "DT Cho hỏi lịch tiếp dân", "repeat-1");
  const auto again = kannel("84912000444", "DT Cho hỏi lịch tiếp dân", "repeat-1");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  // Without %I in the template, the id is made from the message itself: still recognized.
  const auto no_id = kannel("84912000444", "DT Hỏi về bồi thường", "");
  EXPECT_EQ(kannel("84912000444", "DT Hỏi về bồi thường", "").body, no_id.body);
  EXPECT_EQ(sms_questions().size(), 2u);
}

TEST_F(SmsGateways, WrongOrMissingSecretsAreRefusedAndStoreNothing) {
  auto c = client();
  for (const auto& secret : std::vector<std::string>{"wrong", "", std::string(kKannelSecret) + "x", kJasminSecret}) {
    const auto r = c->get(kannel_target("84912000555", "DT sai mã", "secret-" + secret, "0", "UTF-8", secret));
    EXPECT_EQ(r.status, 403) << secret;
    EXPECT_EQ(r.json()["error"]["code"], "bad_secret");
  }
  auto no_secret = kannel_target("84912000555", "DT sai mã", "no-secret");
  no_secret.erase(no_secret.find("secret="), std::string("secret=").size() + url_encode(kKannelSecret).size() + 1);
  EXPECT_EQ(c->get(no_secret).status, 403) << no_secret;
  EXPECT_EQ(jasmin({{"id", "j1"}, {"from", "84912000555"}, {"to", "8077"}, {"content", "DT x"}}, kKannelSecret).status,
            403);
  EXPECT_EQ(shortcode_get(shortcode_fields("r1", "DT x"), "").status, 403);
  const auto error = shortcode_get(shortcode_fields("r1", "DT x"), "sai").json()["error"];
  EXPECT_EQ(error["code"], "bad_secret");
  EXPECT_NE(error["message"].get<std::string>().find(" / "), std::string::npos) << "Vietnamese / English";
  // A HEAD with the right secret delivers nothing either.
  EXPECT_EQ(c->request("HEAD", kannel_target("84912000555", "DT chỉ hỏi thăm", "head-1")).status, 405);
  EXPECT_TRUE(sms_questions().empty());
}

TEST_F(SmsGateways, TwilioWithAValidSignatureGetsTwiml) {
  const auto fields = twilio_fields("SM0123456789abcdef0123456789abcdef", "+84912000666",
                                    "HOI Bao giờ xong cầu vượt Sóng Thần?");
  const auto r = twilio(fields, twilio_signature(fields));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/xml; charset=utf-8");
  const auto ticket = ticket_in(r.body);
  EXPECT_EQ(r.body, R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>)" + acknowledgement(ticket) +
                        "</Message></Response>");
  const auto q = question_with_ticket(ticket);
  EXPECT_EQ(q["text"], "Bao giờ xong cầu vượt Sóng Thần?");
  EXPECT_EQ(q["phone"], "+84912000666");
  // Twilio retries after a timeout: the same MessageSid, the same answer.
  EXPECT_EQ(twilio(fields, twilio_signature(fields)).body, r.body);
  EXPECT_EQ(sms_questions().size(), 1u);
}

TEST_F(SmsGateways, TwilioWithABadSignatureIsRefused) {
  const auto fields = twilio_fields("SMbad", "+84912000666", "DT giả mạo");
  auto tampered = fields;
  tampered[2].second = "DT nội dung đã bị sửa";
  for (const auto& [what, signature, sent] :
       std::vector<std::tuple<std::string, std::string, std::vector<std::pair<std::string, std::string>>>>{
           {"none", "", fields},
           {"garbage", "not-a-signature", fields},
           {"another token", twilio_signature(fields, kTwilioUrl, "other-token"), fields},
           {"another URL", twilio_signature(fields, "https://evil.example/sms/twilio"), fields},
           {"tampered body", twilio_signature(fields), tampered}}) {
    const auto r = twilio(sent, signature);
    EXPECT_EQ(r.status, 403) << what << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["code"], "bad_signature") << what;
  }
  EXPECT_TRUE(sms_questions().empty());
}

TEST_F(SmsGateways, JasminIsAcknowledgedAndStoresUtf8AndUcs2) {
  const auto plain = jasmin({{"id", "5d8a1c4e-0001"},
                             {"from", "84912000888"},
                             {"to", "8077"},
                             {"origin-connector", "viettel-smpp"},
                             {"coding", "0"},
                             {"priority", "0"},
                             {"validity", "None"},
                             {"content", "DT Đèn đường ở phường Phú Hòa hỏng"}});
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(plain.body, "ACK/Jasmin");
  const auto ucs2 = jasmin({{"id", "5d8a1c4e-0002"},
                            {"from", "84912000888"},
                            {"to", "8077"},
                            {"origin-connector", "viettel-smpp"},
                            {"coding", "8"},
                            {"content", utf16be("hỏi Khi nào có xe buýt về Bàu Bàng?")},
                            {"binary", sms::hex(utf16be("hỏi Khi nào có xe buýt về Bàu Bàng?"))}});
  ASSERT_EQ(ucs2.status, 200) << ucs2.body;
  EXPECT_EQ(ucs2.body, "ACK/Jasmin");
  // Jasmin re-delivers what it thinks was not acknowledged.
  EXPECT_EQ(jasmin({{"id", "5d8a1c4e-0002"}, {"from", "84912000888"}, {"to", "8077"}, {"coding", "8"},
                    {"binary", sms::hex(utf16be("hỏi Khi nào có xe buýt về Bàu Bàng?"))}})
                .body,
            "ACK/Jasmin");
  const auto questions = sms_questions();
  ASSERT_EQ(questions.size(), 2u);
  EXPECT_EQ(questions[0]["text"], "Đèn đường ở phường Phú Hòa hỏng");
  EXPECT_EQ(questions[1]["text"], "Khi nào có xe buýt về Bàu Bàng?");
  EXPECT_EQ(questions[1]["phone"], "+84912000888");
}

TEST_F(SmsGateways, ShortcodeAnswersWithTheMtEchoingTheRequestId) {
  const auto r = shortcode_get(shortcode_fields("REQ-20261127-0001", "DT Khi nao nang cap QL13"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/x-www-form-urlencoded; charset=utf-8");
  auto mt = sms::parse_form(r.body);
  EXPECT_EQ(mt["User_ID"], "84912000777");
  EXPECT_EQ(mt["Service_ID"], "8077");
  EXPECT_EQ(mt["Command_Code"], "DT");
  EXPECT_EQ(mt["Request_ID"], "REQ-20261127-0001");
  EXPECT_EQ(mt["Message_Type"], "1");
  EXPECT_EQ(mt["Total_Message"], "1");
  const auto ticket = ticket_in(mt["Message"]);
  EXPECT_EQ(mt["Message"], acknowledgement(ticket));
  EXPECT_EQ(question_with_ticket(ticket)["text"], "Khi nao nang cap QL13");

  // POSTed as a form, a help request: answered for free, nothing stored.
  const auto help = client()->request("POST", "/sms/shortcode",
                                      form({{"secret", kShortcodeSecret}, {"User_ID", "84912000777"},
                                            {"Service_ID", "8077"}, {"Command_Code", "TG"},
                                            {"Message", "TG"}, {"Request_ID", "REQ-20261127-0002"}}),
                                      kForm);
  ASSERT_EQ(help.status, 200) << help.body;
  mt = sms::parse_form(help.body);
  EXPECT_EQ(mt["Request_ID"], "REQ-20261127-0002");
  EXPECT_EQ(mt["Message_Type"], "0");
  EXPECT_EQ(mt["Message"], std::string("Doi thoai voi cu tri: soan DT <cau hoi> de gui cau hoi. Hoac gui tai ") + kPublicUrl);
  EXPECT_EQ(sms_questions().size(), 1u);
}

TEST_F(SmsGateways, RequestsWithoutTheGatewaysFieldsAre400) {
  auto c = client();
  auto without = [](std::string target, const std::string& field) {
    const auto at = target.find("&" + field + "=");
    const auto end = target.find('&', at + 1);
    return target.erase(at, end == std::string::npos ? std::string::npos : end - at);
  };
  const auto full = kannel_target("84912000999", "DT câu hỏi", "missing-1");
  for (const auto& [field, code] : std::vector<std::pair<std::string, std::string>>{
           {"from", "missing_from"}, {"to", "missing_to"}}) {
    const auto r = c->get(without(full, field));
    EXPECT_EQ(r.status, 400) << field << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["code"], code);
  }
  EXPECT_EQ(c->get(kannel_target("Viettel", "Khuyen mai 50%", "notice-1")).json()["error"]["code"], "invalid_from");
  EXPECT_EQ(c->get(kannel_target("84912000999", "DT x", "bad-coding", "7")).json()["error"]["code"], "invalid_coding");

  const auto j = jasmin({{"from", "84912000999"}, {"to", "8077"}, {"content", "DT thiếu id"}});
  EXPECT_EQ(j.status, 400) << j.body;
  EXPECT_EQ(j.json()["error"]["code"], "missing_id");
  EXPECT_EQ(client()->request("POST", "/sms/jasmin?secret=" + url_encode(kJasminSecret), R"({"id":"1"})").status, 415);

  auto t = twilio_fields("SMx", "+84912000999", "DT thiếu MessageSid");
  t.erase(t.begin() + 4);  // MessageSid
  const auto tr = twilio(t, twilio_signature(t));
  EXPECT_EQ(tr.status, 400) << tr.body;
  EXPECT_EQ(tr.json()["error"]["code"], "missing_message_id");

  auto s = shortcode_fields("", "DT thiếu Request_ID");
  const auto sr = shortcode_get(s);
  EXPECT_EQ(sr.status, 400) << sr.body;
  EXPECT_EQ(sr.json()["error"]["code"], "missing_request_id");
  EXPECT_TRUE(sms_questions().empty());
}

TEST_F(SmsGateways, UnreadableMessagesGetAPoliteReplyWhereTheGatewayRelaysIt) {
  const std::string unreadable = "Xin loi, khong doc duoc tin nhan cua ban. Soan DT <cau hoi> va gui lai.";
  auto c = client();
  // UTF-16BE with an odd number of bytes, an empty SMS, 8-bit binary (a ringtone, a WAP push).
  for (const auto& target : {kannel_target("84912001000", std::string("\x1E\xA1\x00\x41\x00", 5), "odd", "2", "UTF-16BE"),
                             kannel_target("84912001000", "", "empty"),
                             kannel_target("84912001000", "\x01\x02", "binary", "1", "")}) {
    const auto r = c->get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_EQ(r.body, unreadable) << target;
  }
  const auto long_text = kannel("84912001000", "DT " + std::string(1001, 'a'), "long");
  EXPECT_EQ(long_text.status, 200);
  EXPECT_EQ(long_text.body, "Cau hoi dai qua 1000 ky tu. Moi ban rut gon va gui lai.");

  const auto empty_body = twilio_fields("SMempty", "+84912001000", "");  // a picture without words (MMS)
  const auto tr = twilio(empty_body, twilio_signature(empty_body));
  EXPECT_EQ(tr.status, 200) << tr.body;
  EXPECT_NE(tr.body.find("<Message>Xin loi, khong doc duoc tin nhan cua ban. Soan DT &lt;cau hoi&gt; va gui lai.</Message>"),
            std::string::npos)
      << tr.body;

  const auto sr = shortcode_get(shortcode_fields("REQ-empty", "   "));
  ASSERT_EQ(sr.status, 200) << sr.body;
  const auto mt = sms::parse_form(sr.body);
  EXPECT_EQ(mt.at("Message"), unreadable);
  EXPECT_EQ(mt.at("Message_Type"), "0");
  EXPECT_EQ(mt.at("Request_ID"), "REQ-empty");

  // Jasmin never relays our body: it gets the error (and retries a few times, then drops it).
  const auto jr = jasmin({{"id", "j-odd"}, {"from", "84912001000"}, {"to", "8077"}, {"coding", "8"}, {"binary", "1ea1aa"}});
  EXPECT_EQ(jr.status, 400) << jr.body;
  EXPECT_EQ(jr.json()["error"]["code"], "invalid_encoding");
  EXPECT_TRUE(sms_questions().empty());
}

TEST_F(SmsGateways, HelpAndVotesStoreNoQuestion) {
  const std::string help = std::string("Doi thoai voi cu tri: soan DT <cau hoi> de gui cau hoi. Hoac gui tai ") + kPublicUrl;
  EXPECT_EQ(kannel("84912001100", "TG", "help-1").body, help);
  EXPECT_EQ(kannel("84912001100", "DT", "keyword-only").body, help) << "a keyword with nothing after it";
  EXPECT_EQ(kannel("84912001100", "BC 2", "vote-1").body, "Hien chua co cuoc binh chon nao. Cam on ban.");
  EXPECT_TRUE(sms_questions().empty());
}

TEST_F(SmsGateways, PausedIntakeRepliesPolitelyAndStoresNothing) {
  set_paused(true);
  const std::string paused = "Chuong trinh dang tam ngung nhan cau hoi. Xin cam on, moi ban gui lai sau it phut.";
  const auto k = kannel("84912001200", "DT Hỏi khi đang tạm ngừng", "paused-1");
  EXPECT_EQ(k.status, 200) << "still 200: a gateway must not retry this forever";
  EXPECT_EQ(k.body, paused);
  const auto fields = twilio_fields("SMpaused", "+84912001200", "DT Hỏi qua Twilio");
  EXPECT_NE(twilio(fields, twilio_signature(fields)).body.find(paused), std::string::npos);
  EXPECT_EQ(jasmin({{"id", "j-paused"}, {"from", "84912001200"}, {"to", "8077"}, {"content", "DT x"}}).body,
            "ACK/Jasmin");
  EXPECT_EQ(sms::parse_form(shortcode_get(shortcode_fields("REQ-paused", "DT x")).body)["Message"], paused);
  // Help is still answered.
  EXPECT_NE(kannel("84912001200", "TG", "paused-help").body, paused);
  EXPECT_TRUE(sms_questions().empty());

  set_paused(false);
  // That message was answered: delivered again, it gets the same answer; a new one goes in.
  EXPECT_EQ(kannel("84912001200", "DT Hỏi khi đang tạm ngừng", "paused-1").body, paused);
  EXPECT_FALSE(kannel_ticket("84912001200", "DT Hỏi sau khi mở lại", "paused-2").empty());
  EXPECT_EQ(sms_questions().size(), 1u);
}

TEST_F(SmsGateways, OneNumberIsLimitedAndOthersAreNot) {
  for (int i = 1; i <= 5; ++i)
    EXPECT_FALSE(kannel_ticket("84912001300", "DT câu hỏi số " + std::to_string(i), "limit-" + std::to_string(i)).empty());
  const auto sixth = kannel("84912001300", "DT câu hỏi số 6", "limit-6");
  EXPECT_EQ(sixth.status, 200);
  EXPECT_EQ(sixth.body, "Ban da gui nhieu tin trong thoi gian ngan. Moi ban gui lai sau 10 phut.");
  // A repeat of an accepted message is not a new message: same ticket, no count.
  EXPECT_EQ(ticket_in(kannel("84912001300", "DT câu hỏi số 1", "limit-1").body).size(), 8u);
  EXPECT_FALSE(kannel_ticket("84912001301", "DT số khác", "limit-other").empty());
  EXPECT_EQ(sms_questions().size(), 6u);
}

// The same 100 messages delivered three times each, concurrently over several connections
// (a gateway that timed out and retried, twice): exactly 100 questions, and every delivery
// of a message gets that message's one reply.
TEST_F(SmsGateways, RetryStormStoresEachMessageOnce) {
  std::vector<int> deliveries;  // message numbers, each three times
  for (int copy = 0; copy < 3; ++copy)
    for (int m = 0; m < 100; ++m) deliveries.push_back(m);
  std::shuffle(deliveries.begin(), deliveries.end(), std::mt19937(20261127));
  // 20 numbers, 5 messages each: exactly the limit, so a repeat that counted would show.
  auto target = [](int m) {
    const auto from = "8491200" + std::to_string(2000 + m % 20);
    return kannel_target(from, "DT Câu hỏi số " + std::to_string(m) + " về đường ĐT741", "storm-" + std::to_string(m));
  };
  std::mutex mutex;
  std::map<int, std::vector<std::string>> replies;
  std::vector<std::string> failures;
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&] {
      HttpClient c(server->port());
      for (std::size_t i = next.fetch_add(1); i < deliveries.size(); i = next.fetch_add(1)) {
        const int m = deliveries[i];
        const auto r = c.get(target(m));
        std::lock_guard lock(mutex);
        if (r.status != 200) failures.push_back(std::to_string(r.status) + " " + r.error + " " + r.body);
        replies[m].push_back(r.body);
      }
    });
  for (auto& t : threads) t.join();
  ASSERT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
  std::set<std::string> tickets;
  for (const auto& [m, bodies] : replies) {
    ASSERT_EQ(bodies.size(), 3u) << m;
    EXPECT_EQ(bodies[0], bodies[1]) << m;
    EXPECT_EQ(bodies[0], bodies[2]) << m;
    const auto ticket = ticket_in(bodies[0]);
    EXPECT_EQ(bodies[0], acknowledgement(ticket)) << m;
    tickets.insert(ticket);
  }
  EXPECT_EQ(tickets.size(), 100u);
  const auto questions = sms_questions();
  EXPECT_EQ(questions.size(), 100u);
  std::set<std::string> stored;
  for (const auto& q : questions) stored.insert(q["ticket"].get<std::string>());
  EXPECT_EQ(stored, tickets);
}

// Refusals that depend on the configuration: a gateway left off, an address not listed.
class SmsGatewayAccess : public SmsGateways {
 protected:
  nlohmann::json config() const override {
    auto c = gateways_config();
    c["sms"].erase("jasmin");
    c["sms"]["kannel"]["allow_ips"] = {"10.0.0.0/8", "2001:db8::/32"};
    c["sms"]["twilio"]["allow_ips"] = {"192.0.2.1"};
    return c;
  }
};

TEST_F(SmsGatewayAccess, ADisabledGatewayIs404AndAnAddressNotListedIs403) {
  const auto j = jasmin({{"id", "1"}, {"from", "84912000111"}, {"to", "8077"}, {"content", "DT x"}});
  EXPECT_EQ(j.status, 404) << j.body;
  EXPECT_EQ(j.json()["error"]["code"], "sms_gateway_disabled");
  const auto k = kannel("84912000111", "DT x", "k1");
  EXPECT_EQ(k.status, 403) << k.body;
  EXPECT_EQ(k.json()["error"]["code"], "ip_not_allowed");
  const auto fields = twilio_fields("SMip", "+84912000111", "DT x");
  EXPECT_EQ(twilio(fields, twilio_signature(fields)).json()["error"]["code"], "ip_not_allowed");
  // 127.0.0.0/8 is listed for the short code.
  EXPECT_EQ(shortcode_get(shortcode_fields("REQ-ip", "DT x")).status, 200);
  EXPECT_EQ(client()->request("PUT", "/sms/kannel").status, 405);
  EXPECT_EQ(client()->get("/sms/nothing-here").status, 404);
  EXPECT_EQ(sms_questions().size(), 1u);
  // Each gateway is its own route in the metrics; made-up paths are not.
  const auto metrics = client()->get("/metrics").body;
  EXPECT_NE(metrics.find(R"(route="/sms/kannel",status="403")"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find(R"(route="/sms/shortcode",status="200")"), std::string::npos);
  EXPECT_EQ(metrics.find("nothing-here"), std::string::npos);
}

}  // namespace
}  // namespace votercast::test
