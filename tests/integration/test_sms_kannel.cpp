// The real Kannel from Debian in front of votercast: fakesmsc (kannel-extras) plays the
// carrier's SMSC and the voters' phones, bearerbox and smsbox are the gateway, and smsbox's
// sms-service calls /sms/kannel exactly as it would in production. Everything listens on
// 127.0.0.1 on free ports; the three processes are stopped by RAII whatever fails.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "core/sms/sms_charset.hpp"
#include "live_server.hpp"
#include "sms_test_support.hpp"

namespace votercast::test {
namespace {

constexpr const char* kSecret = "kannel-that-bi-mat";
constexpr const char* kAdminPassword = "kannel-admin-pw";
constexpr const char* kPublicUrl = "https://hoidap.example.vn";
constexpr const char* kSendsmsUser = "votercast";
constexpr const char* kSendsmsPass = "sendsms-bi-mat";

// Where Debian puts them: bearerbox and smsbox in kannel, fakesmsc in kannel-extras.
std::string first_existing(const std::vector<std::string>& candidates) {
  for (const auto& c : candidates)
    if (std::filesystem::exists(c)) return c;
  return "";
}

class SmsRealKannel : public LiveServer {
 protected:
  std::string bearerbox = first_existing({"/usr/sbin/bearerbox"});
  std::string smsbox = first_existing({"/usr/sbin/smsbox"});
  std::string fakesmsc = first_existing({"/usr/lib/kannel/test/fakesmsc", "/usr/sbin/fakesmsc", "/usr/bin/fakesmsc"});
  unsigned short admin_port = 0, smsbox_port = 0, fake_port = 0, sendsms_port = 0;
  // Declared after the server: destroyed (stopped) first, phones before the gateway.
  std::unique_ptr<ChildProcess> bearer, box, phones;

  void SetUp() override {
    const auto config = dir.file("votercast.json");
    std::ofstream(config) << votercast_config().dump();
    start({"--config", config});
  }

  virtual nlohmann::json votercast_config() const {
    return {{"public_url", kPublicUrl},
            {"sms", {{"kannel", {{"enabled", true}, {"secret", kSecret}, {"allow_ips", {"127.0.0.1"}}}}}}};
  }

  void TearDown() override {
    // The order Kannel likes: the SMSC's client, then the box, then the bearer.
    for (auto* p : {&phones, &box, &bearer})
      if (*p) (*p)->stop();
  }

  std::string kannel_conf() const {
    const auto port = std::to_string(server->port());
    std::ostringstream c;
    c << "group = core\n"
      << "admin-port = " << admin_port << "\n"
      << "admin-interface = 127.0.0.1\n"
      << "admin-password = " << kAdminPassword << "\n"
      << "admin-allow-ip = 127.0.0.1\n"
      << "smsbox-port = " << smsbox_port << "\n"
      << "smsbox-interface = 127.0.0.1\n"
      << "box-allow-ip = 127.0.0.1\n"
      << "log-level = 0\n"
      << "\n"
      << "group = smsc\n"
      << "smsc = fake\n"
      << "smsc-id = fake1\n"
      << "our-host = 127.0.0.1\n"
      << "port = " << fake_port << "\n"
      << "connect-allow-ip = 127.0.0.1\n"
      << "\n"
      << "group = smsbox\n"
      << "bearerbox-host = 127.0.0.1\n"
      << "bearerbox-port = " << smsbox_port << "\n"
      << "sendsms-port = " << sendsms_port << "\n"
      << "sendsms-interface = 127.0.0.1\n"
      << "log-level = 0\n"
      << "\n"
      << "group = sms-service\n"
      << "keyword = default\n"
      << "get-url = \"http://127.0.0.1:" << port << "/sms/kannel?secret=" << kSecret
      << "&from=%p&to=%P&text=%b&ts=%T&id=%I&smsc=%i&coding=%c&charset=%C\"\n"
      << "max-messages = 1\n"
      << "omit-empty = true\n"
      << "accept-x-kannel-headers = true\n"
      << "\n"
      // What votercast's SMS to answered voters goes through (sms.kannel.sendsms_url).
      << "group = sendsms-user\n"
      << "username = " << kSendsmsUser << "\n"
      << "password = " << kSendsmsPass << "\n"
      << "max-messages = 1\n";
    return c.str();
  }

  // Starts bearerbox, smsbox and fakesmsc, and waits until the SMSC and the box are online.
  void start_kannel() {
    ASSERT_FALSE(bearerbox.empty() || smsbox.empty()) << "Kannel is not installed: scripts/install-deps test";
    ASSERT_FALSE(fakesmsc.empty()) << "fakesmsc (kannel-extras) is not installed: scripts/install-deps test";
    admin_port = free_local_port();
    smsbox_port = free_local_port();
    fake_port = free_local_port();
    if (!sendsms_port) sendsms_port = free_local_port();  // a sendsms test picks it before votercast starts
    const auto conf = dir.file("kannel.conf");
    std::ofstream(conf) << kannel_conf();
    bearer = std::make_unique<ChildProcess>(std::vector<std::string>{bearerbox, "-v", "0", conf}, dir.file("bearerbox.log"));
    ASSERT_TRUE(wait_for_status("SMS: received", std::chrono::seconds(15))) << bearer->log();
    box = std::make_unique<ChildProcess>(std::vector<std::string>{smsbox, "-v", "0", conf}, dir.file("smsbox.log"));
    // Interactive fakesmsc: each line written to its stdin is one MO message; the MT it
    // receives is logged as "Got message N: <sender receiver type text>".
    phones = std::make_unique<ChildProcess>(
        std::vector<std::string>{fakesmsc, "-H", "127.0.0.1", "-r", std::to_string(fake_port), "-i", "0", "-v", "0"},
        dir.file("fakesmsc.log"), /*pipe_stdin=*/true);
    ASSERT_TRUE(wait_for_status("(online", std::chrono::seconds(15)))
        << "the fake SMSC is not online\n" << status() << "\nbearerbox:\n" << bearer->log() << "\nfakesmsc:\n" << phones->log();
    ASSERT_TRUE(wait_for_status("on-line", std::chrono::seconds(15)))
        << "smsbox did not connect\n" << status() << "\nsmsbox:\n" << box->log();
  }

  std::string status() const {
    HttpClient admin(admin_port);
    admin.set_timeout(std::chrono::seconds(2));
    return admin.get(std::string("/status.txt?password=") + kAdminPassword).body;
  }

  bool wait_for_status(const std::string& needle, std::chrono::seconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (status().find(needle) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // Sends one MO line and returns the MT line fakesmsc got back ("8077 84912… text Cam on…").
  std::string exchange(const std::string& mo_line, int expected_number) {
    const std::string marker = "Got message " + std::to_string(expected_number) + ": <";
    EXPECT_TRUE(phones->write_stdin(mo_line + "\n"));
    if (!phones->wait_for_log(marker, std::chrono::seconds(20))) {
      ADD_FAILURE() << "no reply to: " << mo_line << "\nfakesmsc:\n" << phones->log() << "\nsmsbox:\n" << box->log()
                    << "\nvotercast:\n" << server->output();
      return "";
    }
    const auto log = phones->log();
    const auto at = log.find(marker) + marker.size();
    return log.substr(at, log.find(">\n", at) - at);
  }

  nlohmann::json question_with_ticket(const std::string& ticket) {
    auto staff = admin();
    const auto body = staff->get("/api/questions?limit=500").json();
    for (const auto& q : body["questions"])
      if (q["ticket"] == ticket) return q;
    ADD_FAILURE() << "no question has ticket '" << ticket << "'";
    return nlohmann::json::object();
  }
};

TEST_F(SmsRealKannel, MessagesFromPhonesBecomeQuestionsAndThePhonesGetTheirTickets) {
  start_kannel();
  if (HasFatalFailure()) return;

  struct Sms {
    std::string line;       // what fakesmsc sends: "sender receiver type data"
    std::string sender;     // the voter's number as the reply addresses it
    std::string e164;
    std::string stored;
  };
  const std::string ucs2_text = "Hỏi: Khi nào sửa cầu Phú Cường?";
  const std::string quoted = "“Đường ĐT743” đoạn qua Tân Uyên bao giờ xong…";
  const std::vector<Sms> messages = {
      // UTF-8 bytes in a 7-bit ("text") message, as an SMSC that recodes to UTF-8 delivers it.
      {"84912000111 8077 text DT Đường ĐT743 đoạn qua Tân Uyên bị hỏng nặng", "84912000111", "+84912000111",
       "Đường ĐT743 đoạn qua Tân Uyên bị hỏng nặng"},
      // UCS-2: the UTF-16BE bytes, url-encoded on the fakesmsc line.
      {"84912000222 8077 ucs2 " + sms::url_encode(sms::utf16be(ucs2_text)), "84912000222", "+84912000222",
       "Khi nào sửa cầu Phú Cường?"},
      // Without diacritics, national number format.
      {"0912000333 8077 text hoi khi nao sua duong DT741", "0912000333", "+84912000333", "khi nao sua duong DT741"},
      // UCS-2 starting with U+201C: a byte 0x20 first, which %a would drop.
      {"84912000444 8077 ucs2 " + sms::url_encode(sms::utf16be(quoted)), "84912000444", "+84912000444", quoted},
  };
  std::set<std::string> tickets;
  int n = 0;
  for (const auto& m : messages) {
    ASSERT_LT(m.line.size(), 255u) << "fakesmsc reads lines of at most 255 bytes";
    const auto mt = exchange(m.line, ++n);
    ASSERT_FALSE(mt.empty());
    // The reply goes from the short code back to the voter, as plain 7-bit text.
    EXPECT_TRUE(mt.starts_with("8077 " + m.sender + " text ")) << mt;
    const auto ticket = sms::ticket_in(mt);
    ASSERT_EQ(ticket.size(), 8u) << mt;
    EXPECT_EQ(mt, "8077 " + m.sender + " text Cam on ban. Ma cau hoi: " + ticket + ". Theo doi tai " + kPublicUrl +
                      "/t/" + ticket);
    const auto q = question_with_ticket(ticket);
    EXPECT_EQ(q["text"], m.stored) << m.line;
    EXPECT_EQ(q["phone"], m.e164);
    EXPECT_EQ(q["channel"], "sms");
    tickets.insert(ticket);
  }
  EXPECT_EQ(tickets.size(), messages.size());
  // Kannel called with its message id and smsc id: visible in what it asked for.
  EXPECT_NE(box->log().find("/sms/kannel?secret="), std::string::npos);
}

// With replies.unaccented = false the reply keeps its diacritics: votercast says
// X-Kannel-Coding: 2 and Kannel sends it as UCS-2, in the shorter form that fits 70 characters.
class SmsRealKannelAccentedReplies : public SmsRealKannel {
 protected:
  nlohmann::json votercast_config() const override {
    auto c = SmsRealKannel::votercast_config();
    c["sms"]["replies"] = {{"unaccented", false}};
    return c;
  }
};

TEST_F(SmsRealKannelAccentedReplies, TheReplyArrivesAsUcs2WithItsDiacritics) {
  start_kannel();
  if (HasFatalFailure()) return;
  const auto mt = exchange("84912000555 8077 text DT Cầu Bạch Đằng 2 bao giờ thông xe?", 1);
  const std::string prefix = "8077 84912000555 ucs-2 ";
  ASSERT_TRUE(mt.starts_with(prefix)) << mt;
  const auto reply = core::sms::utf16be_to_utf8(sms::url_decode(mt.substr(prefix.size())));
  static const std::regex acknowledgement(R"(^Cảm ơn bạn\. Mã câu hỏi: ([0-9A-Z]{8})$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(reply, m, acknowledgement)) << reply;
  EXPECT_EQ(question_with_ticket(m[1].str())["text"], "Cầu Bạch Đằng 2 bao giờ thông xe?");
}

// An answered question's SMS through Kannel's sendsms interface: votercast calls smsbox's
// sendsms-port, bearerbox hands the message to the fake SMSC, and the phone receives it.
class SmsRealKannelSendsms : public SmsRealKannel {
 protected:
  static constexpr const char* kRoads = "Sở Giao thông Vận tải";
  std::unique_ptr<HttpClient> staff_client;

  void SetUp() override {
    sendsms_port = free_local_port();  // votercast's config names it before Kannel starts
    SmsRealKannel::SetUp();
  }

  nlohmann::json votercast_config() const override {
    auto c = SmsRealKannel::votercast_config();
    c["agencies"] = {kRoads};
    auto& k = c["sms"]["kannel"];
    k["sendsms_url"] = "http://127.0.0.1:" + std::to_string(sendsms_port) + "/cgi-bin/sendsms";
    k["sendsms_user"] = kSendsmsUser;
    k["sendsms_pass"] = kSendsmsPass;
    k["sendsms_from"] = "8077";
    return c;
  }

  // The question with this ticket forwarded and answered by the producer.
  void answer(const std::string& ticket) {
    const auto q = question_with_ticket(ticket);
    const auto id = q["id"].get<std::int64_t>();
    auto producer = staff("sanxuat", "producer");
    transition(*producer, id, "approved", 1);
    const auto forwarded = transition(*producer, id, "forwarded", 2, 200, {{"agency", kRoads}});
    const auto r = producer->post("/api/questions/" + std::to_string(id) + "/answer",
                                  {{"version", forwarded["version"]}, {"text", "Sở sẽ sửa trong quý tới."}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // The next MT the phones receive, without sending anything.
  std::string next_mt(int expected_number) {
    const std::string marker = "Got message " + std::to_string(expected_number) + ": <";
    if (!phones->wait_for_log(marker, std::chrono::seconds(20))) {
      ADD_FAILURE() << "no SMS reached the phone\nfakesmsc:\n" << phones->log() << "\nsmsbox:\n" << box->log()
                    << "\nvotercast:\n" << server->output();
      return "";
    }
    const auto log = phones->log();
    const auto at = log.find(marker) + marker.size();
    return log.substr(at, log.find(">\n", at) - at);
  }

  nlohmann::json outbox_row() {
    if (!staff_client) staff_client = admin();
    const auto body = staff_client->get("/api/sms/outbox").json();
    return body["messages"].empty() ? nlohmann::json(nullptr) : body["messages"][0];
  }
};

TEST_F(SmsRealKannelSendsms, TheVoterGetsAnSmsWhenTheQuestionIsAnswered) {
  start_kannel();
  if (HasFatalFailure()) return;
  const auto ack = exchange("84912000999 8077 text DT Đường ĐT743 khi nào sửa xong?", 1);
  const auto ticket = sms::ticket_in(ack);
  ASSERT_EQ(ticket.size(), 8u) << ack;
  answer(ticket);
  if (HasFatalFailure()) return;
  const auto mt = next_mt(2);
  EXPECT_EQ(mt, "8077 +84912000999 text Cau hoi " + ticket + " da co tra loi. Xem tai " + kPublicUrl + "/t/" + ticket);
  nlohmann::json row;
  for (int i = 0; i < 50 && (row = outbox_row()).value("state", "") != "sent"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(row["state"], "sent") << row.dump();
  EXPECT_EQ(row["attempts"], 1);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(phones->log().find("Got message 3:"), std::string::npos) << "one SMS only\n" << phones->log();
}

// A screener sends a video caller their call link by SMS: through the outbox and the real
// Kannel, by its short code (the token never sits in the outbox), and the code opens the page.
TEST_F(SmsRealKannelSendsms, ACallerGetsTheirVideoCallLinkBySms) {
  start_kannel();
  if (HasFatalFailure()) return;
  auto screener = staff("trucdt", "screener");
  const auto caller = screener->post("/api/callers", {{"name", "Lê Văn Tám"}, {"area", "Xã An Bình"},
                                                      {"phone", "0912 000 888"}});
  ASSERT_EQ(caller.status, 201) << caller.body;
  const auto id = std::to_string(caller.json()["id"].get<std::int64_t>());
  const auto made = screener->request("POST", "/api/callers/" + id + "/call-link", R"({"send_sms": true})");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto link = made.json();
  const std::string code = link["code"];
  EXPECT_EQ(link["sms"]["gateway"], "kannel");
  EXPECT_EQ(link["sms"]["state"], "pending");
  EXPECT_EQ(link["sms"]["to"], "+84912000888") << "a screener sees the numbers they call back";

  const auto mt = next_mt(1);
  EXPECT_EQ(mt, "8077 +84912000888 text Moi ban goi video vao chuong trinh: " + std::string(kPublicUrl) +
                    "/call?code=" + code + " (ma " + code + "). Chi dung mot lan.");
  nlohmann::json row;
  for (int i = 0; i < 50 && (row = outbox_row()).value("state", "") != "sent"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(row["state"], "sent") << row.dump();
  EXPECT_EQ(row["purpose"], "call_link");
  EXPECT_TRUE(row["question_id"].is_null());
  EXPECT_TRUE(row["call_link_id"].is_number());
  const std::string token = link["url"].get<std::string>().substr(link["url"].get<std::string>().rfind('/') + 1);
  EXPECT_EQ(row["text"].get<std::string>().find(token), std::string::npos);

  // The code from the SMS opens the caller's page.
  const auto opened = client()->get("/call?code=" + code);
  EXPECT_EQ(opened.status, 303) << opened.body << " (to the page at /call/{a fresh token})";
}

// With diacritics kept, the notice needs UCS-2: votercast asks sendsms for coding=2 and the
// phone receives UTF-16BE, in the short form that fits 70 characters.
class SmsRealKannelSendsmsAccented : public SmsRealKannelSendsms {
 protected:
  nlohmann::json votercast_config() const override {
    auto c = SmsRealKannelSendsms::votercast_config();
    c["sms"]["replies"] = {{"unaccented", false}};
    return c;
  }
};

TEST_F(SmsRealKannelSendsmsAccented, TheAnsweredSmsArrivesAsUcs2) {
  start_kannel();
  if (HasFatalFailure()) return;
  const auto ack = exchange("84912000888 8077 text DT Cầu Bạch Đằng 2 bao giờ thông xe?", 1);
  const std::string ucs2_prefix = "8077 84912000888 ucs-2 ";
  ASSERT_TRUE(ack.starts_with(ucs2_prefix)) << ack;
  static const std::regex acknowledgement(R"(^Cảm ơn bạn\. Mã câu hỏi: ([0-9A-Z]{8})$)");
  std::smatch m;
  const auto reply = core::sms::utf16be_to_utf8(sms::url_decode(ack.substr(ucs2_prefix.size())));
  ASSERT_TRUE(std::regex_match(reply, m, acknowledgement)) << reply;
  const std::string ticket = m[1].str();
  answer(ticket);
  if (HasFatalFailure()) return;
  const auto mt = next_mt(2);
  const std::string prefix = "8077 +84912000888 ucs-2 ";
  ASSERT_TRUE(mt.starts_with(prefix)) << mt;
  EXPECT_EQ(core::sms::utf16be_to_utf8(sms::url_decode(mt.substr(prefix.size()))), "Câu hỏi " + ticket + " đã có trả lời.");
}

}  // namespace
}  // namespace votercast::test
