// Staff accounts after they are made (issue 14): a new password or a disabled account
// shuts its sessions out at once, the list of accounts, and the session settings'
// bounds.
#include <fstream>

#include "live_server.hpp"

using namespace votercast::test;

namespace {

class AccountLifecycle : public LiveServer {
 protected:
  int cli(const std::string& args, const std::string& input = "", std::string* out = nullptr) {
    return run_cli(args + " --db " + db, input, out);
  }

  // `votercast serve` with these settings: its exit code and what it said. The address
  // cannot be bound, so that a server that accepted the settings still stops at once.
  int serve_with(const std::string& settings_json, std::string& out) {
    const auto path = dir.file("settings.json");
    std::ofstream(path) << settings_json;
    return run_cli("serve --port 0 --no-programme --listen 256.0.0.1 --db " + dir.file("other.db") + " --config " + path,
                   "", &out);
  }
};

TEST_F(AccountLifecycle, ANewPasswordEndsTheSessionsAtOnce) {
  auto laptop = staff("sanxuat", "producer");
  auto phone = login("sanxuat", "mat-khau-sanxuat");
  auto other = staff("bientap", "moderator");
  std::string out;
  ASSERT_EQ(cli("user passwd sanxuat --password-stdin", "mat-khau-moi-cua-sanxuat", &out), 0) << out;
  EXPECT_NE(out.find("2 session(s) ended"), std::string::npos) << out;
  expect_error(laptop->get("/api/me"), 401, "not_logged_in");
  expect_error(phone->get("/api/questions"), 401, "not_logged_in");
  EXPECT_EQ(other->get("/api/me").status, 200) << "another account's session goes on";
  EXPECT_EQ(client()->post("/api/login", {{"user", "sanxuat"}, {"password", "mat-khau-sanxuat"}}).status, 401);
  EXPECT_EQ(login("sanxuat", "mat-khau-moi-cua-sanxuat")->get("/api/me").json()["role"], "producer");

  EXPECT_EQ(cli("user passwd sanxuat --password-stdin", "ngan", &out), 2) << "too short: " << out;
  EXPECT_EQ(cli("user passwd khongco --password-stdin", "mat-khau-bat-ky", &out), 1);
  EXPECT_NE(out.find("no user 'khongco'"), std::string::npos) << out;
}

TEST_F(AccountLifecycle, ADisabledAccountIsOutAtOnceUntilEnabled) {
  auto producer = staff("sanxuat", "producer");
  std::string out;
  ASSERT_EQ(cli("user disable sanxuat", "", &out), 0) << out;
  EXPECT_NE(out.find("1 session(s) ended"), std::string::npos) << out;
  expect_error(producer->get("/api/me"), 401, "not_logged_in");
  auto again = client();
  expect_error(again->post("/api/login", {{"user", "sanxuat"}, {"password", "mat-khau-sanxuat"}}), 401, "bad_credentials");

  ASSERT_EQ(cli("user list", "", &out), 0) << out;
  EXPECT_NE(out.find("admin\tadmin\tenabled\n"), std::string::npos) << out;
  EXPECT_NE(out.find("sanxuat\tproducer\tdisabled\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("argon2"), std::string::npos) << "no password hash is listed";

  ASSERT_EQ(cli("user enable sanxuat", "", &out), 0) << out;
  EXPECT_EQ(login("sanxuat", "mat-khau-sanxuat")->get("/api/me").json()["user"], "sanxuat");
  EXPECT_EQ(cli("user disable khongco", "", &out), 1);
}

TEST_F(AccountLifecycle, SessionSettingsOutOfBoundsStopTheStart) {
  std::string out;
  EXPECT_EQ(serve_with(R"({"session_hours": 25})", out), 1);
  EXPECT_NE(out.find("session_hours must be between 1 and 24"), std::string::npos) << out;
  EXPECT_EQ(serve_with(R"({"staff": {"session_hours": 0}})", out), 1);
  EXPECT_NE(out.find("session_hours must be between 1 and 24"), std::string::npos) << out;
  EXPECT_EQ(serve_with(R"({"staff": {"session_hours": 2, "session_idle_minutes": 121}})", out), 1);
  EXPECT_NE(out.find("session_idle_minutes must be between 5 and"), std::string::npos) << out;
  EXPECT_EQ(serve_with(R"({"staff": {"session_idle_minute": 30}})", out), 1);
  EXPECT_NE(out.find("unknown setting 'staff.session_idle_minute'"), std::string::npos) << out;
  // Within bounds the settings pass (and the start stops only at the address).
  EXPECT_EQ(serve_with(R"({"staff": {"session_hours": 8, "session_idle_minutes": 30}})", out), 1);
  EXPECT_EQ(out.find("session_"), std::string::npos) << out;
}

}  // namespace

namespace {

// An open console is shut too: a disabled account stops receiving the queue.
TEST_F(AccountLifecycle, ADisabledAccountsOpenConsoleIsClosed) {
  auto producer = staff("sanxuat", "producer");
  auto moderator = staff("bientap", "moderator");
  WsClient producer_console(server->port(), "/ws", producer.get());
  WsClient moderator_console(server->port(), "/ws", moderator.get());
  ASSERT_TRUE(producer_console.connected()) << producer_console.error();
  ASSERT_TRUE(moderator_console.connected()) << moderator_console.error();
  std::string out;
  ASSERT_EQ(cli("user disable sanxuat", "", &out), 0) << out;
  bool closed = false;
  for (int i = 0; i < 300 && !closed; ++i) {
    closed = producer_console.closed();
    if (!closed) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(closed) << "the disabled account's console stream ends within seconds";
  EXPECT_FALSE(moderator_console.closed()) << "another account's stream goes on";
  WsClient reopened(server->port(), "/ws", producer.get());
  EXPECT_EQ(reopened.http_status(), 401);
}

}  // namespace
