// /metrics against the public: made-up paths cannot grow it or write lines into it, and
// only Prometheus (an allowed address or the bearer token) may read it.
#include <fstream>
#include <sstream>

#include "live_server.hpp"

namespace votercast::test {
namespace {

class MetricsEdge : public LiveServer {
 protected:
  void SetUp() override {
    const auto path = dir.file("metrics.json");
    std::ofstream(path) << config().dump(2);
    start({"--config", path});
  }
  virtual nlohmann::json config() const { return nlohmann::json::object(); }
};

TEST_F(MetricsEdge, RandomPathsDoNotGrowTheExposition) {
  auto c = client();
  // Every kind of label once (a route, an unknown API path, a static file, a bad method).
  const auto warm_up = [&c](const std::string& tag) {
    EXPECT_EQ(c->get("/api/questions/" + tag).status, 401);
    EXPECT_EQ(c->get("/api/" + tag).status, 404);
    EXPECT_EQ(c->get("/" + tag + ".html").status, 404);
    EXPECT_EQ(c->request("DELETE", "/api/" + tag).status, 404);
    EXPECT_EQ(c->request("BREW" + tag, "/api/" + tag).status, 404);
  };
  warm_up("warm");
  const auto before = c->get("/metrics").body;
  for (int i = 0; i < 150; ++i) warm_up("flood" + std::to_string(i));
  const auto after = c->get("/metrics").body;
  EXPECT_EQ(after.find("flood"), std::string::npos);
  EXPECT_EQ(after.find("BREW"), std::string::npos);
  // Counts grow by a digit or two; without route labels each path adds a dozen lines.
  EXPECT_LT(after.size(), before.size() + 2000) << after.substr(0, 4000);
}

TEST_F(MetricsEdge, APathCannotWriteALineOfItsOwn) {
  auto c = client();
  for (const char* path : {"/api/x%22%7D%201%0Aevil_injected_total%201", "/sms/%22%0Aevil_injected_total%202",
                           "/api/questions/1%0Aevil_injected_total%203/history"})
    EXPECT_GE(c->get(path).status, 400) << path;
  const auto text = c->get("/metrics").body;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    EXPECT_TRUE(line.starts_with("# ") || line.starts_with("votercast_")) << "injected: " << line;
  EXPECT_EQ(text.find("evil_injected"), std::string::npos);
}

class MetricsWithToken : public MetricsEdge {
 protected:
  nlohmann::json config() const override {
    return {{"metrics", {{"allow", {"192.0.2.0/24"}}, {"token", "prometheus-0123456789"}}}};
  }
};

TEST_F(MetricsWithToken, OnlyTheBearerTokenOrAnAllowedAddressReadsIt) {
  auto c = client();
  const auto refused = c->get("/metrics");
  expect_error(refused, 401, "bad_token");
  EXPECT_EQ(refused.header("www-authenticate"), "Bearer");
  expect_error(c->get("/metrics", {{"Authorization", "Bearer prometheus-0123456788"}}), 401, "bad_token");
  expect_error(c->get("/metrics", {{"Authorization", "Bearer prometheus"}}), 401, "bad_token");
  const auto read = c->get("/metrics", {{"Authorization", "Bearer prometheus-0123456789"}});
  EXPECT_EQ(read.status, 200);
  EXPECT_NE(read.body.find("votercast_http_requests_total"), std::string::npos);
}

class MetricsBehindProxy : public MetricsEdge {
 protected:
  nlohmann::json config() const override { return {{"trusted_proxies", {"127.0.0.1"}}}; }
};

TEST_F(MetricsBehindProxy, ByDefaultOnlyLoopbackItselfReadsItNotAVoterThroughNginx) {
  auto c = client();
  EXPECT_EQ(c->get("/metrics").status, 200);  // Prometheus on this machine
  // nginx on loopback passing a voter's request on: the voter's address decides.
  expect_error(c->get("/metrics", {{"X-Forwarded-For", "203.0.113.5"}}), 403, "metrics_forbidden");
}

}  // namespace
}  // namespace votercast::test
