// Public intake that one client cannot bury: a token bucket per address (seen past the
// station's proxy, never past an untrusted header), a 429 with Retry-After as JSON or as
// a page, and staff who are never counted with the voters.
#include <fstream>

#include "live_server.hpp"

namespace votercast::test {
namespace {

class IntakeLimits : public LiveServer {
 protected:
  void SetUp() override {
    const auto path = dir.file("intake.json");
    std::ofstream(path) << config().dump(2);
    start({"--config", path});
  }
  virtual nlohmann::json config() const {
    return {{"intake", {{"questions_per_ip", {{"burst", 3}, {"per_second", 0.05}}}}}};
  }
  HttpResult ask(const Headers& headers = {}) {
    return client()->post("/api/questions", {{"name", "Cử tri"}, {"text", "Khi nào sửa đường ĐT743?"}}, headers);
  }
  std::string metric(const std::string& name) {
    const auto body = client()->get("/metrics").body;
    const auto at = body.find("\n" + name + " ");
    return at == std::string::npos ? "(missing)" : body.substr(at + name.size() + 2, body.find('\n', at + 1) - at - name.size() - 2);
  }
};

class IntakeLimitsBehindProxy : public IntakeLimits {
 protected:
  nlohmann::json config() const override {
    auto c = IntakeLimits::config();
    c["trusted_proxies"] = {"127.0.0.1"};
    return c;
  }
};

TEST_F(IntakeLimits, OneAddressGets429WithRetryAfterAndCannotWriteItsOwnAddress) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ask().status, 201) << i;
  const auto refused = ask();
  expect_error(refused, 429, "too_many_questions");
  const auto retry = refused.header("retry-after");
  ASSERT_FALSE(retry.empty());
  EXPECT_GE(std::stoi(retry), 1);
  EXPECT_LE(std::stoi(retry), 20) << "one question every 20 s";
  // Without a trusted proxy, X-Forwarded-For is anyone's to write: it buys no new bucket.
  expect_error(ask({{"X-Forwarded-For", "203.0.113.77"}}), 429, "too_many_questions");
  // A refusal comes before the body is read: it costs little, even for a body of junk.
  expect_error(client()->request("POST", "/api/questions", "{không phải JSON", {{"Content-Type", "application/json"}}),
               429, "too_many_questions");

  // The no-JS form is told the same, as a page.
  const auto page = client()->request("POST", "/api/questions", "text=C%C3%A2u+h%E1%BB%8Fi+th%E1%BB%A9+n%C4%83m",
                                      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}});
  EXPECT_EQ(page.status, 429);
  EXPECT_TRUE(page.header("content-type").starts_with("text/html")) << page.header("content-type");
  EXPECT_FALSE(page.header("retry-after").empty());
  EXPECT_NE(page.body.find("gửi lại sau"), std::string::npos) << page.body;

  // Staff typing in a caller's question are not voters, whatever address they share.
  auto producer = staff("sanxuat", "producer");
  const auto typed = producer->post("/api/questions", {{"text", "Câu hỏi của người gọi điện"}, {"channel", "callin"}});
  EXPECT_EQ(typed.status, 201) << typed.body;
  // A session does not make a voter's own question a staff one.
  expect_error(producer->post("/api/questions", {{"text", "Câu hỏi của chính tôi"}}), 429, "too_many_questions");
  EXPECT_EQ(metric("votercast_intake_refused_rate_limited"), "5");
  EXPECT_EQ(metric("votercast_intake_refused_store_busy"), "0");
}

TEST_F(IntakeLimitsBehindProxy, EachVoterBehindTheProxyHasTheirOwnBucket) {
  const Headers behind_one_nat = {{"X-Forwarded-For", "203.0.113.9"}};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ask(behind_one_nat).status, 201) << i;
  expect_error(ask(behind_one_nat), 429, "too_many_questions");
  EXPECT_EQ(ask({{"X-Forwarded-For", "203.0.113.10"}}).status, 201) << "another address";
  // The proxy's own hop is skipped; a voter cannot pick their address by prepending one.
  expect_error(ask({{"X-Forwarded-For", "198.51.100.1, 203.0.113.9"}}), 429, "too_many_questions");
}

class IntakeLimitsPerDevice : public IntakeLimits {
 protected:
  nlohmann::json config() const override {
    return {{"intake", {{"questions_per_ip", {{"burst", 4}, {"per_second", 0.05}}},
                        {"questions_per_device", {{"burst", 2}, {"per_second", 0.05}}}}}};
  }
};

// Behind carrier-grade NAT, one phone that keeps asking spends its own tokens: its
// neighbours on the same address still get in, until the address's own bucket is spent.
TEST_F(IntakeLimitsPerDevice, APhoneThatKeepsAskingRunsOutOfItsOwnTokensNotTheAddresss) {
  auto greedy = voter();
  auto neighbour = voter();
  const auto post = [](HttpClient& c, int i) {
    return c.post("/api/questions", {{"name", "Cử tri"}, {"text", "Câu hỏi số " + std::to_string(i) + " về trường học"}});
  };
  EXPECT_EQ(post(*greedy, 1).status, 201);
  EXPECT_EQ(post(*greedy, 2).status, 201);
  for (int i = 3; i < 8; ++i) {
    const auto refused = post(*greedy, i);
    expect_error(refused, 429, "too_many_questions");
    EXPECT_NE(refused.body.find("Bạn đã gửi"), std::string::npos) << refused.body;
    EXPECT_FALSE(refused.header("retry-after").empty());
  }
  EXPECT_EQ(post(*neighbour, 8).status, 201) << "the greedy phone's refusals spent none of the address's tokens";
  EXPECT_EQ(post(*neighbour, 9).status, 201);
  // Without its cookie, a script is one more device of the address, whose bucket holds.
  const auto cookieless = post(*client(), 10);
  expect_error(cookieless, 429, "too_many_questions");
  EXPECT_NE(cookieless.body.find("Mạng của bạn"), std::string::npos) << cookieless.body;
  EXPECT_EQ(metric("votercast_intake_refused_rate_limited"), "6");
}

TEST_F(IntakeLimitsBehindProxy, OneSendersRepeatsAreCollapsedIntoItsFirstAndOthersStillCount) {
  auto post = [&](HttpClient& c, const std::string& text, const std::string& address) {
    const auto r = c.post("/api/questions", {{"name", "Cử tri"}, {"text", text}}, {{"X-Forwarded-For", address}});
    EXPECT_EQ(r.status, 201) << r.body;  // a repeat is acknowledged like any question
    return r.json();
  };
  auto script = client();
  const auto first = post(*script, "Khi nào sửa đường ĐT743 đoạn qua Hòa Phú?", "203.0.113.7");
  EXPECT_EQ(first["state"], "pending");
  const auto again = post(*script, "Khi nào sửa đường ĐT743 đoạn qua Hòa Phú?", "203.0.113.7");
  const auto alike = post(*script, "khi nao sua duong DT743 doan qua Hoa Phu vay?", "203.0.113.7");
  EXPECT_EQ(again["state"], "merged");
  EXPECT_EQ(alike["state"], "merged");
  EXPECT_EQ(post(*script, "Khi nào sửa đường ĐT743 đoạn qua Hòa Phú?", "198.51.100.4")["state"], "pending")
      << "another address is another voter";
  // A phone with the voter page's device cookie is known by it, whatever its address.
  auto phone = voter();
  EXPECT_EQ(post(*phone, "Đường ĐT743 qua Hòa Phú bao giờ sửa?", "192.0.2.1")["state"], "pending");
  EXPECT_EQ(post(*phone, "Đường ĐT743 qua Hòa Phú bao giờ sửa?", "192.0.2.2")["state"], "merged");

  auto moderator = staff("bientap", "moderator");
  const auto repeat = moderator->get("/api/questions/" + std::to_string(again["id"].get<std::int64_t>())).json();
  EXPECT_EQ(repeat["duplicate_of"], first["id"]);
  EXPECT_EQ(repeat["flags"]["spam"], true);
  const auto kept = moderator->get("/api/questions/" + std::to_string(first["id"].get<std::int64_t>())).json();
  EXPECT_EQ(kept["duplicate_count"], 0) << "a repeat is not another voter";
  const auto counts = moderator->get("/api/queue/counts").json();
  EXPECT_EQ(counts["by_state"]["pending"], 3) << counts.dump();
  EXPECT_EQ(counts["by_state"]["merged"], 3) << counts.dump();
}

// Another site's page could make each of its visitors post a question, each from its own
// address: past every per-address limit. Browsers say where a request comes from.
TEST_F(IntakeLimits, QuestionsSentFromAnotherSitesPageAreRefused) {
  expect_error(ask({{"Origin", "https://quang-cao.example"}}), 403, "cross_origin");
  expect_error(ask({{"Sec-Fetch-Site", "cross-site"}}), 403, "cross_origin");
  EXPECT_EQ(ask({{"Origin", "http://localhost:8080"}, {"Sec-Fetch-Site", "same-origin"}}).status, 201)
      << "the voter page itself";
  EXPECT_EQ(ask().status, 201) << "a client that is no browser says neither";
}

TEST_F(IntakeLimits, ALimitThatMakesNoSenseStopsTheStart) {
  const auto path = dir.file("bad.json");
  std::ofstream(path) << R"({"intake": {"questions_per_ip": {"burst": 0}}})";
  std::string out;
  EXPECT_NE(run_cli("serve --no-programme --port 0 --config " + path + " --db " + dir.file("other.db"), "", &out), 0);
  EXPECT_NE(out.find("intake.questions_per_ip.burst"), std::string::npos) << out;
}

}  // namespace
}  // namespace votercast::test
