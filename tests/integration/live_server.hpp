#pragma once
// A real votercast server process on a fresh database, and logged-in staff clients.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "test_client.hpp"

namespace votercast::test {

// Runs `votercast ARGS` with `input` on standard input; returns the exit code.
inline int run_cli(const std::string& args, const std::string& input, std::string* output = nullptr) {
  std::string cmd = "printf '%s\\n' '" + input + "' | " + server_binary() + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return -1;
  char buf[512];
  std::string out;
  while (fgets(buf, sizeof buf, pipe)) out += buf;
  const int status = pclose(pipe);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Bad input's answer: the status, a JSON body, {"error": {"code", "message"}}.
inline void expect_error(const HttpResult& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_TRUE(r.header("content-type").starts_with("application/json")) << r.header("content-type");
  const auto body = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_EQ(body["error"]["code"], code) << r.body;
  EXPECT_TRUE(body["error"]["message"].is_string()) << r.body;
}

class LiveServer : public ::testing::Test {
 protected:
  TempDir dir;
  std::string db = dir.file("votercast.db");
  std::unique_ptr<ServerProcess> server;

  void SetUp() override { start(); }
  // The live programme is left out unless a test is about it: it costs a core.
  virtual std::vector<std::string> programme_args() const { return {"--no-programme"}; }
  void start(std::vector<std::string> extra = {}) {
    auto args = programme_args();
    args.insert(args.end(), extra.begin(), extra.end());
    server = std::make_unique<ServerProcess>(db, std::move(args));
    if (!server->admin_password().empty()) admin_password = server->admin_password();
  }

  std::string admin_password;

  std::unique_ptr<HttpClient> client() { return std::make_unique<HttpClient>(server->port()); }
  // A voter's phone: it has loaded the voter page's poll, so it holds a device cookie and
  // is a sender of its own (a voter's repeats are collapsed: core/desk/sender_repeats.hpp).
  std::unique_ptr<HttpClient> voter() {
    auto c = client();
    EXPECT_EQ(c->get("/api/polls/current").status, 200);
    EXPECT_TRUE(c->cookie("vc_device"));
    return c;
  }
  // Arguments for a server where every question from the page stands on its own: for tests
  // that play many voters from this one address.
  std::vector<std::string> many_voters_here(const std::string& extra_json = "") {
    const auto path = dir.file("many-voters.json");
    std::ofstream(path) << R"({"intake": {"collapse_repeats": false})" << (extra_json.empty() ? "" : ", ") << extra_json << "}";
    return {"--config", path};
  }

  std::unique_ptr<HttpClient> login(const std::string& user, const std::string& password) {
    auto c = client();
    const auto r = c->post("/api/login", {{"user", user}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.body;
    return c;
  }
  std::unique_ptr<HttpClient> admin() { return login("admin", admin_password); }

  // Adds a staff account through the CLI, on the running server's database file.
  // An agency account answers for `agency`.
  std::unique_ptr<HttpClient> staff(const std::string& name, const std::string& role,
                                    const std::string& agency = "Sở Giao thông Vận tải") {
    std::string out;
    const std::string agency_arg = role == "agency" ? " --agency '" + agency + "'" : "";
    EXPECT_EQ(run_cli("user add " + name + " --role " + role + agency_arg + " --password-stdin --db " + db,
                      "mat-khau-" + name, &out),
              0)
        << out;
    return login(name, "mat-khau-" + name);
  }

  nlohmann::json submit(HttpClient& c, const std::string& text, const std::string& topic = "giao thông") {
    const auto r = c.post("/api/questions", {{"name", "Trần Hữu Quynh"}, {"phone", "0912345678"},
                                             {"area", "Phường Hòa Phú"}, {"topic", topic}, {"text", text}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  nlohmann::json transition(HttpClient& c, std::int64_t id, const std::string& to, std::int64_t version,
                            int expect = 200, nlohmann::json extra = nlohmann::json::object()) {
    extra["to"] = to;
    extra["version"] = version;
    const auto r = c.post("/api/questions/" + std::to_string(id) + "/transition", extra);
    EXPECT_EQ(r.status, expect) << r.body;
    return r.json();
  }
};

}  // namespace votercast::test
