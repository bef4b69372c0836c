// Viewers' polls through the server: the producer's poll lifecycle, web votes (one per
// device, a signed short-lived cookie that only the voter page's load gives, a
// per-address limit that sees past the station's proxy), the votes refused by reason,
// SMS votes through Kannel's interface, live counts to the consoles, and counts that a
// SIGKILL neither inflates nor loses.
#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "live_server.hpp"
#include "sms_test_support.hpp"

namespace votercast::test {
namespace {

constexpr const char* kKannelSecret = "kannel-bi-mat-123";

class Polls : public LiveServer {
 protected:
  void SetUp() override { start({"--config", write_config(config())}); }
  virtual nlohmann::json config() const {
    return {{"sms",
             {{"kannel", {{"enabled", true}, {"secret", kKannelSecret}}},
              {"rate_limit", {{"messages", 50}, {"per_minutes", 1}}}}}};
  }
  std::string write_config(const nlohmann::json& j) {
    const auto path = dir.file("polls.json");
    std::ofstream(path) << j.dump(2);
    return path;
  }

  nlohmann::json create(HttpClient& c, const std::string& revote = "last", int expect = 201) {
    const auto r = c.post("/api/polls", {{"title", "Bạn có hài lòng với tiến độ sửa đường ĐT743?"},
                                         {"options",
                                          {{{"code", "a"}, {"label", "Hài lòng"}},
                                           {{"code", "B"}, {"label", "Chưa hài lòng"}},
                                           {{"code", "C"}, {"label", "Không có ý kiến"}}}},
                                         {"revote", revote}});
    EXPECT_EQ(r.status, expect) << r.body;
    return r.json();
  }
  nlohmann::json act(HttpClient& c, const nlohmann::json& poll, const std::string& what, int expect = 200) {
    const auto r = c.post("/api/polls/" + std::to_string(poll["id"].get<std::int64_t>()) + "/" + what,
                          {{"version", poll["version"]}});
    EXPECT_EQ(r.status, expect) << what << ": " << r.body;
    return r.json();
  }
  HttpResult vote(HttpClient& voter, std::int64_t poll_id, const std::string& option, const Headers& headers = {}) {
    return voter.post("/api/polls/" + std::to_string(poll_id) + "/vote", {{"option", option}}, headers);
  }
  // A phone that has loaded the voter page: its script's GET gave it a device cookie.
  std::unique_ptr<HttpClient> voter() {
    auto c = client();
    const auto r = c->get("/api/polls/current");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(c->cookie("vc_device")) << "no device cookie from the page's load";
    return c;
  }
  // The staff poll view's "refused" (GET /api/polls).
  nlohmann::json refused(HttpClient& staff, std::int64_t poll_id) {
    const auto polls = staff.get("/api/polls").json()["polls"];  // kept: the loop reads into it
    for (const auto& p : polls)
      if (p["id"] == poll_id) return p["refused"];
    return nullptr;
  }
  static nlohmann::json refusals(std::map<std::string, int> nonzero) {
    nlohmann::json out = {{"no_device", 0},     {"cross_origin", 0},  {"too_many_votes", 0},
                          {"already_voted", 0}, {"poll_not_open", 0}, {"unknown_option", 0}};
    for (const auto& [reason, n] : nonzero) out[reason] = n;
    return out;
  }
  std::map<std::string, std::int64_t> counts(HttpClient& staff, std::int64_t poll_id) {
    std::map<std::string, std::int64_t> out;
    const auto polls = staff.get("/api/polls").json()["polls"];  // kept: the loop reads into it
    for (const auto& p : polls)
      if (p["id"] == poll_id)
        for (const auto& o : p["options"]) out[o["code"].get<std::string>()] = o["votes"].get<std::int64_t>();
    return out;
  }
  HttpResult sms(const std::string& from, const std::string& text, const std::string& id) {
    return client()->get("/sms/kannel?secret=" + std::string(kKannelSecret) + "&from=" + sms::url_encode(from) +
                         "&to=8077&text=" + sms::url_encode(text) + "&coding=0&charset=UTF-8&id=" + id);
  }
  std::unique_ptr<HttpClient> producer_;
  HttpClient& producer() {
    if (!producer_) {
      producer_ = staff("sanxuat", "producer");
      EXPECT_EQ(producer_->post("/api/shows", {{"title", "Đối thoại với cử tri số 12"}}).status, 201);
    }
    return *producer_;
  }
};

TEST_F(Polls, TheProducerPreparesOpensAndClosesAPoll) {
  auto moderator = staff("bientap", "moderator");
  EXPECT_EQ(create(*moderator, "last", 403)["error"]["code"], "forbidden");
  auto poll = create(producer());
  EXPECT_EQ(poll["state"], "draft");
  EXPECT_EQ(poll["options"][0]["code"], "A") << "codes are upper-cased";
  EXPECT_EQ(poll["options"][0]["votes"], 0);
  EXPECT_FALSE(poll["show_id"].is_null()) << "a poll belongs to the show";

  auto bad = [&](nlohmann::json body, const std::string& code) {
    const auto r = producer().post("/api/polls", body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["error"]["code"], code) << r.body;
  };
  bad({{"title", "Một lựa chọn"}, {"options", {{{"code", "A"}, {"label", "Có"}}}}}, "bad_option_count");
  bad({{"title", "Trùng"}, {"options", {{{"code", "A"}, {"label", "Có"}}, {{"code", "a"}, {"label", "Không"}}}}},
      "duplicate_option_code");
  bad({{"title", "Mã lạ"}, {"options", {{{"code", "Á"}, {"label", "Có"}}, {{"code", "B"}, {"label", "Không"}}}}},
      "bad_option_code");
  bad({{"title", ""}, {"options", {{{"code", "A"}, {"label", "Có"}}, {{"code", "B"}, {"label", "Không"}}}}},
      "title_required");
  bad({{"title", "X"}, {"options", "A,B"}}, "bad_options");
  bad({{"title", "X"}, {"revote", "sometimes"}, {"options", {{{"code", "A"}, {"label", "Có"}}, {{"code", "B"}, {"label", "Không"}}}}},
      "bad_revote");

  const auto edited = producer().request(
      "PATCH", "/api/polls/" + std::to_string(poll["id"].get<std::int64_t>()),
      nlohmann::json{{"version", poll["version"]}, {"title", "Bạn có hài lòng với đường ĐT743 sau sửa chữa?"}}.dump());
  ASSERT_EQ(edited.status, 200) << edited.body;
  poll = edited.json();
  poll = act(producer(), poll, "open");
  EXPECT_EQ(poll["state"], "open");
  EXPECT_FALSE(poll["opened_at"].is_null());
  auto second = create(producer());
  EXPECT_EQ(act(producer(), second, "open", 409)["error"]["code"], "another_poll_open");
  const auto late_edit = producer().request("PATCH", "/api/polls/" + std::to_string(poll["id"].get<std::int64_t>()),
                                            nlohmann::json{{"version", poll["version"]}, {"title", "Khác"}}.dump());
  EXPECT_EQ(late_edit.status, 422) << "voters have seen it";
  EXPECT_EQ(act(producer(), poll, "open", 422)["error"]["code"], "invalid_transition");
  poll = act(producer(), poll, "close");
  EXPECT_EQ(poll["state"], "closed");
  EXPECT_EQ(act(producer(), nlohmann::json{{"id", 999}, {"version", 1}}, "close", 404)["error"]["code"], "poll_not_found");
}

TEST_F(Polls, OneVotePerDeviceAndTheLastCounts) {
  auto poll = act(producer(), create(producer(), "last"), "open");
  const auto id = poll["id"].get<std::int64_t>();
  auto voter = client();
  const auto current = voter->get("/api/polls/current");
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(current.json()["poll"]["id"], id);
  EXPECT_TRUE(current.json()["my_vote"].is_null());
  const auto cookie = current.header("set-cookie");
  EXPECT_NE(cookie.find("vc_device="), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);

  auto r = vote(*voter, id, "a");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["option"], "A");
  EXPECT_EQ(r.json()["counted"], true);
  r = vote(*voter, id, "Chưa hài lòng");  // the label, as a voter might send it
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["option"], "B");
  EXPECT_EQ(voter->get("/api/polls/current").json()["my_vote"], "B");
  EXPECT_EQ(counts(producer(), id), (std::map<std::string, std::int64_t>{{"A", 0}, {"B", 1}, {"C", 0}}))
      << "the device's vote moved, it did not add";
  r = vote(*voter, id, "B");
  EXPECT_EQ(r.json()["counted"], false) << "the same vote again changes nothing";

  // A forged or edited cookie is no device: refused, until the page gives a real one.
  auto forger = client();
  const auto real = *voter->cookie("vc_device");
  forger->set_cookie("vc_device", real.substr(0, real.size() - 1) + (real.back() == 'A' ? "B" : "A"));
  expect_error(vote(*forger, id, "C"), 403, "no_device");
  EXPECT_EQ(counts(producer(), id)["C"], 0);
  ASSERT_EQ(forger->get("/api/polls/current").status, 200);
  ASSERT_EQ(vote(*forger, id, "C").status, 200);
  EXPECT_EQ(counts(producer(), id)["C"], 1);

  EXPECT_EQ(vote(*voter, id, "Z").status, 400);
  EXPECT_EQ(vote(*voter, 999, "A").status, 404);
  EXPECT_EQ(voter->post("/api/polls/" + std::to_string(id) + "/vote", nlohmann::json::object()).status, 400);
  poll = act(producer(), poll, "close");
  r = vote(*voter, id, "A");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "poll_not_open");

  // Between polls the voter page gets the last one with its final counts, and this device's vote.
  const auto after = voter->get("/api/polls/current").json();
  EXPECT_EQ(after["poll"]["id"], id);
  EXPECT_EQ(after["poll"]["state"], "closed");
  EXPECT_EQ(after["poll"]["total"], 2);
  EXPECT_EQ(after["my_vote"], "B");
  EXPECT_TRUE(client()->get("/api/polls/current").json()["my_vote"].is_null());
  // A newer poll takes its place as soon as it opens; and once the show is over, nothing.
  auto next = act(producer(), create(producer()), "open");
  EXPECT_EQ(client()->get("/api/polls/current").json()["poll"]["id"], next["id"]);
  next = act(producer(), next, "close");
  EXPECT_EQ(client()->get("/api/polls/current").json()["poll"]["id"], next["id"]);
  ASSERT_EQ(producer().post("/api/shows/current/close", nlohmann::json::object()).status, 200);
  EXPECT_TRUE(client()->get("/api/polls/current").json()["poll"].is_null());
}

TEST_F(Polls, OnlyAnOpenOrClosedPollGoesOnAir) {
  auto poll = create(producer());
  const auto path = "/api/polls/" + std::to_string(poll["id"].get<std::int64_t>()) + "/on_air";
  auto op = staff("dieukhien", "operator");
  const auto draft = op->request("PUT", path, nlohmann::json{{"visible", true}}.dump());
  expect_error(draft, 409, "poll_not_open");
  EXPECT_EQ(op->request("PUT", path, nlohmann::json{{"visible", false}}.dump()).status, 200) << "hiding is always allowed";
  poll = act(producer(), poll, "open");
  const auto open = op->request("PUT", path, nlohmann::json{{"visible", true}}.dump());
  EXPECT_EQ(open.status, 200) << open.body;
}

TEST_F(Polls, WithTheFirstVoteRuleAnEarlierVoteStands) {
  const auto poll = act(producer(), create(producer(), "first"), "open");
  const auto id = poll["id"].get<std::int64_t>();
  auto phone = voter();
  ASSERT_EQ(vote(*phone, id, "A").status, 200);
  const auto again = vote(*phone, id, "B");
  EXPECT_EQ(again.json()["option"], "A");
  EXPECT_EQ(again.json()["kept_earlier"], true);
  EXPECT_EQ(counts(producer(), id), (std::map<std::string, std::int64_t>{{"A", 1}, {"B", 0}, {"C", 0}}));
  EXPECT_EQ(refused(producer(), id), refusals({{"already_voted", 1}}));
}

TEST_F(Polls, SmsVotesCountOncePerNumberAndAreAnswered) {
  EXPECT_EQ(sms("0912001100", "BC A", "v-0").body, "Hien chua co cuoc binh chon nao. Cam on ban.");
  const auto poll = act(producer(), create(producer(), "last"), "open");
  const auto id = poll["id"].get<std::int64_t>();
  auto r = sms("84912001100", "bc a", "v-1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "Cam on ban da binh chon A.");
  EXPECT_EQ(sms("84912001100", "bc a", "v-1").body, r.body) << "a gateway's retry gets the same answer";
  EXPECT_EQ(sms("+84912001100", "Bc: hai long", "v-2").body, "Cam on ban da binh chon A.") << "same number, same vote";
  EXPECT_EQ(sms("0912001100", "BC b", "v-3").body, "Cam on ban da binh chon B.");
  EXPECT_EQ(sms("0987000111", "BC c", "v-4").body, "Cam on ban da binh chon C.");
  EXPECT_EQ(sms("0987000222", "BC 9", "v-5").body, "Khong co lua chon nay. Soan BC va mot trong cac ma: A, B, C.");
  EXPECT_EQ(counts(producer(), id), (std::map<std::string, std::int64_t>{{"A", 0}, {"B", 1}, {"C", 1}}));
  auto web = voter();
  ASSERT_EQ(vote(*web, id, "A").status, 200);
  EXPECT_EQ(counts(producer(), id)["A"], 1) << "web and SMS votes add up";
}

TEST_F(Polls, ConsolesSeeTheCountsLive) {
  const auto poll = act(producer(), create(producer()), "open");
  const auto id = poll["id"].get<std::int64_t>();
  WsClient ws(server->port(), "/ws", &producer());
  ASSERT_TRUE(ws.connected()) << ws.refusal_body();
  const auto snapshot = ws.next();
  ASSERT_TRUE(snapshot);
  ASSERT_EQ((*snapshot)["polls"].size(), 1u);
  EXPECT_EQ((*snapshot)["polls"][0]["state"], "open");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(vote(*voter(), id, "B").status, 200);
  std::optional<nlohmann::json> tally;
  while (auto frame = ws.next()) {
    if ((*frame)["type"] != "poll.tally") continue;
    tally = frame;
    if ((*frame)["total"] == 3) break;
  }
  ASSERT_TRUE(tally) << "no poll.tally frame";
  EXPECT_EQ((*tally)["poll_id"], id);
  EXPECT_EQ((*tally)["counts"]["B"], 3);
  EXPECT_EQ((*tally)["total"], 3);

  // Votes refused reach the consoles the same way, with no vote counted.
  for (int i = 0; i < 2; ++i) expect_error(vote(*client(), id, "B"), 403, "no_device");
  tally.reset();
  while (auto frame = ws.next()) {
    if ((*frame)["type"] != "poll.tally") continue;
    tally = frame;
    if ((*frame)["refused"]["no_device"] == 2) break;
  }
  ASSERT_TRUE(tally) << "no poll.tally frame after the refusals";
  EXPECT_EQ((*tally)["refused"], refusals({{"no_device", 2}}));
  EXPECT_EQ((*tally)["total"], 3);
  // A console that connects now has them in its snapshot.
  WsClient later(server->port(), "/ws", &producer());
  const auto again = later.next();
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)["polls"][0]["refused"], refusals({{"no_device", 2}}));
}

class PollLimits : public Polls {
 protected:
  nlohmann::json config() const override {
    auto c = Polls::config();
    c["polls"] = {{"votes_per_ip", {{"burst", 3}, {"per_second", 0.01}}}};
    c["trusted_proxies"] = {"127.0.0.1"};
    return c;
  }
};

TEST_F(PollLimits, OneAddressIsLimitedButNotThePhonesBehindTheProxy) {
  const auto id = act(producer(), create(producer()), "open")["id"].get<std::int64_t>();
  const Headers behind_one_nat = {{"X-Forwarded-For", "203.0.113.9"}};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(vote(*voter(), id, "A", behind_one_nat).status, 200);
  const auto over = vote(*voter(), id, "A", behind_one_nat);
  EXPECT_EQ(over.status, 429) << over.body;
  EXPECT_EQ(over.json()["error"]["code"], "too_many_votes");
  EXPECT_FALSE(over.header("retry-after").empty());
  EXPECT_EQ(vote(*voter(), id, "A", {{"X-Forwarded-For", "203.0.113.10"}}).status, 200) << "another address";
  // The proxy's own hop is skipped; a voter cannot pick their address by prepending one.
  EXPECT_EQ(vote(*voter(), id, "A", {{"X-Forwarded-For", "198.51.100.1, 203.0.113.9"}}).status, 429);
  EXPECT_EQ(counts(producer(), id)["A"], 4);
  EXPECT_EQ(refused(producer(), id), refusals({{"too_many_votes", 2}}));
}

TEST_F(Polls, VotesSentFromAnotherSitesPageAreRefused) {
  const auto id = act(producer(), create(producer()), "open")["id"].get<std::int64_t>();
  auto phone = voter();  // a real device: refused all the same from another site's page
  expect_error(vote(*phone, id, "A", {{"Origin", "https://binh-chon-ho.example"}}), 403, "cross_origin");
  expect_error(vote(*phone, id, "A", {{"Sec-Fetch-Site", "cross-site"}}), 403, "cross_origin");
  expect_error(vote(*phone, id, "A", {{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}}), 403,
               "cross_origin");
  EXPECT_EQ(counts(producer(), id)["A"], 0);
  EXPECT_EQ(vote(*phone, id, "A", {{"Origin", "http://localhost:8080"}, {"Sec-Fetch-Site", "same-origin"}}).status, 200)
      << "the voter page itself";
  EXPECT_EQ(counts(producer(), id)["A"], 1);
  // Nor does another site's page get a device for its visitors.
  auto visitor = client();
  const auto r = visitor->get("/api/polls/current", {{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["poll"]["id"], id) << "the poll itself is public";
  EXPECT_EQ(r.header("set-cookie"), "");
  EXPECT_FALSE(visitor->cookie("vc_device"));
  EXPECT_EQ(refused(producer(), id), refusals({{"cross_origin", 3}}));
}

TEST_F(Polls, AVoteNeedsTheDeviceCookieThePageGave) {
  const auto id = act(producer(), create(producer()), "open")["id"].get<std::int64_t>();
  // A script that only posts votes: each one refused, none counted.
  for (int i = 0; i < 3; ++i) {
    auto script = client();
    const auto r = vote(*script, id, "A");
    expect_error(r, 403, "no_device");
    EXPECT_TRUE(r.json()["error"]["message"].get<std::string>().starts_with("Chưa nhận ra thiết bị")) << r.body;
    EXPECT_EQ(r.header("set-cookie"), "") << "the vote gives no device";
  }
  auto forged = client();
  forged->set_cookie("vc_device", "AAAAAAAAAAAAAAAAAAAAAA.1795000000000.AAAAAAAAAAAAAAAAAAAAAA");
  expect_error(vote(*forged, id, "A"), 403, "no_device");
  auto old_style = client();  // the year-long cookie of the earlier servers
  old_style->set_cookie("vc_device", "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA");
  expect_error(vote(*old_style, id, "A"), 403, "no_device");
  expect_error(vote(*client(), 999, "A"), 403, "no_device");  // no such poll: counted nowhere but /metrics
  EXPECT_EQ(counts(producer(), id)["A"], 0);

  // The page's load: a device, good for a show (12 hours by default), then votes count.
  auto phone = client();
  const auto page = phone->get("/api/polls/current");
  const auto cookie = page.header("set-cookie");
  EXPECT_NE(cookie.find("Max-Age=43200"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  ASSERT_EQ(vote(*phone, id, "A").status, 200);
  old_style->get("/api/polls/current");  // an old cookie is replaced by the page
  ASSERT_EQ(vote(*old_style, id, "B").status, 200);
  EXPECT_EQ(counts(producer(), id), (std::map<std::string, std::int64_t>{{"A", 1}, {"B", 1}, {"C", 0}}));

  // The producer's view: every refusal by reason, exactly; the bad option and the late vote too.
  expect_error(vote(*phone, id, "Z"), 400, "unknown_option");
  auto late = voter();
  auto poll = producer().get("/api/polls").json()["polls"][0];
  act(producer(), poll, "close");
  expect_error(vote(*late, id, "A"), 409, "poll_not_open");
  expect_error(vote(*client(), id, "A", {{"Origin", "https://evil.example"}}), 403, "cross_origin");
  EXPECT_EQ(refused(producer(), id),
            refusals({{"no_device", 5}, {"unknown_option", 1}, {"poll_not_open", 1}, {"cross_origin", 1}}));
  const auto metrics = client()->get("/metrics").body;
  EXPECT_NE(metrics.find("votercast_poll_votes_refused_total{reason=\"no_device\"} 6"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("votercast_poll_votes_refused_total{reason=\"cross_origin\"} 1"), std::string::npos);
}

TEST_F(Polls, TheNoScriptFormIsAnsweredWithPages) {
  const auto id = act(producer(), create(producer()), "open")["id"].get<std::int64_t>();
  const auto path = "/api/polls/" + std::to_string(id) + "/vote";
  const Headers form = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}};
  auto without = client()->request("POST", path, "option=A", form);
  EXPECT_EQ(without.status, 403);
  EXPECT_TRUE(without.header("content-type").starts_with("text/html")) << without.header("content-type");
  EXPECT_NE(without.body.find("tải lại trang bình chọn"), std::string::npos) << without.body;
  EXPECT_NE(without.body.find("href=\"/#binh-chon\""), std::string::npos);
  EXPECT_EQ(counts(producer(), id)["A"], 0);

  auto phone = voter();
  const auto voted = phone->request("POST", path, "option=A", form);
  EXPECT_EQ(voted.status, 303) << voted.body;
  EXPECT_EQ(voted.header("location"), "/#binh-chon");
  EXPECT_EQ(counts(producer(), id)["A"], 1);
  const auto unknown = phone->request("POST", path, "option=%3Cb%3EZ%3C%2Fb%3E", form);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(unknown.header("content-type").starts_with("text/html"));
  EXPECT_NE(unknown.body.find("&lt;b&gt;Z&lt;/b&gt;"), std::string::npos) << "the voter's text, escaped: " << unknown.body;
  EXPECT_EQ(unknown.body.find("<b>Z"), std::string::npos);
  EXPECT_EQ(refused(producer(), id), refusals({{"no_device", 1}, {"unknown_option", 1}}));
}

class ShortLivedDevices : public Polls {
 protected:
  nlohmann::json config() const override {
    auto c = Polls::config();
    c["polls"] = {{"device_lifetime_seconds", 1}};
    return c;
  }
};

TEST_F(ShortLivedDevices, AnExpiredCookieIsNoDeviceUntilThePageGivesANewOne) {
  const auto id = act(producer(), create(producer()), "open")["id"].get<std::int64_t>();
  auto phone = client();
  const auto page = phone->get("/api/polls/current");
  EXPECT_TRUE(page.header("set-cookie").ends_with("; Max-Age=1")) << page.header("set-cookie");
  const auto first = *phone->cookie("vc_device");
  ASSERT_EQ(vote(*phone, id, "A").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  expect_error(vote(*phone, id, "B"), 403, "no_device");
  EXPECT_EQ(counts(producer(), id), (std::map<std::string, std::int64_t>{{"A", 1}, {"B", 0}, {"C", 0}}));
  ASSERT_EQ(phone->get("/api/polls/current").status, 200);
  EXPECT_NE(*phone->cookie("vc_device"), first) << "a fresh cookie";
  ASSERT_EQ(vote(*phone, id, "B").status, 200);
  EXPECT_EQ(refused(producer(), id), refusals({{"no_device", 1}}));
}

TEST_F(Polls, AcknowledgedVotesSurviveSigkillAndNoneCountsTwice) {
  const auto id = act(producer(), create(producer()), "open")["id"].get<std::int64_t>();
  constexpr int kVoters = 6;
  std::mutex mutex;
  std::set<std::string> acknowledged;  // device cookies whose vote got a 200
  std::atomic<int> attempts{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const auto port = server->port();
  for (int t = 0; t < kVoters; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100000 && !stop; ++i) {
        HttpClient c(port);  // a new device each time, given by the page's load
        c.set_timeout(std::chrono::seconds(2));
        if (c.get("/api/polls/current").status == 0) break;
        ++attempts;
        const auto r = c.post("/api/polls/" + std::to_string(id) + "/vote", {{"option", i % 2 ? "A" : "B"}});
        if (r.status == 0) break;
        if (r.status == 200) {
          std::lock_guard lock(mutex);
          acknowledged.insert(*c.cookie("vc_device"));
        }
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server->kill9();
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_GT(acknowledged.size(), 100u) << "too few votes before the kill to prove anything";

  start({"--config", dir.file("polls.json")});
  producer_.reset();
  auto staff_again = login("sanxuat", "mat-khau-sanxuat");
  std::int64_t total = 0;
  for (const auto& [code, n] : counts(*staff_again, id)) total += n;
  EXPECT_GE(total, static_cast<std::int64_t>(acknowledged.size())) << "an acknowledged vote was lost";
  EXPECT_LE(total, attempts.load()) << "a vote was counted twice";
  std::cout << "[ crash    ] " << acknowledged.size() << " acknowledged votes, " << total << " counted after restart\n";
}

}  // namespace
}  // namespace votercast::test
