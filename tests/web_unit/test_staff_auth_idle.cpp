// A session in use stays signed in past the idle limit; one left alone does not
// (issue 14). Real store on a temporary file; no waiting: the times are written in.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/desk/staff_desk.hpp"
#include "core/store/user_table.hpp"
#include "unit/temp_db.hpp"
#include "web/api/staff_auth.hpp"

namespace votercast::web {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;

class StaffAuthIdle : public ::testing::Test {
 protected:
  TempDb tmp;
  core::store::GroupCommitWriter writer{tmp.path, core::store::Durability::normal};
  core::store::Database reader{tmp.path, core::store::Database::Mode::read_only};
  core::StaffDesk desk{writer};
  StaffAuth auth{reader, desk, "http://localhost:8080", 30 * kMinute};
  std::string token = new_session_token();
  ~StaffAuthIdle() override { writer.stop(); }

  // A session of user "sanxuat" last used `idle_ms` ago.
  void session_last_used(std::int64_t idle_ms) {
    writer.run([&](core::store::WriteContext& ctx) {
      core::User user;
      user.name = "sanxuat";
      user.role = core::Role::producer;
      user.password_hash = "x";
      core::store::insert_user(ctx.db(), user, 0);
      const auto at = core::now_ms() - idle_ms;
      core::store::insert_session(ctx.db(), hash_session_token(token), user.id, at, at + 12 * 60 * kMinute);
    });
  }
  Request with_cookie() const {
    Request request;
    request.method = "GET";
    request.headers.emplace_back("cookie", std::string(kSessionCookie) + "=" + token);
    return request;
  }
  std::int64_t last_seen() {
    writer.run([](core::store::WriteContext&) {});  // the touch, queued before this, is committed
    return core::store::session_user(reader, hash_session_token(token), core::now_ms(), 24 * 60 * kMinute)->last_seen_ms;
  }
};

TEST_F(StaffAuthIdle, UseIsWrittenDownSoTheIdleTimeStartsAgain) {
  session_last_used(20 * kMinute);
  const auto before = core::now_ms();
  ASSERT_TRUE(auth.current_user(with_cookie()));
  EXPECT_GE(last_seen(), before) << "a request is use of the session";
}

TEST_F(StaffAuthIdle, UseIsWrittenAtMostOnceAMinute) {
  session_last_used(10 * 1000);
  const auto stored = core::now_ms() - 10 * 1000;
  ASSERT_TRUE(auth.current_user(with_cookie()));
  EXPECT_LE(last_seen(), stored) << "used ten seconds ago: not written again";
}

TEST_F(StaffAuthIdle, AConsoleOpenOnTheShowIsUse) {
  session_last_used(20 * kMinute);
  const auto before = core::now_ms();
  EXPECT_TRUE(auth.console_in_use(hash_session_token(token)));
  EXPECT_GE(last_seen(), before) << "a console watched without a click is not abandoned";
  EXPECT_TRUE(auth.signed_in(hash_session_token(token)));
}

TEST_F(StaffAuthIdle, ASessionLeftAloneIsSignedOut) {
  session_last_used(31 * kMinute);
  EXPECT_FALSE(auth.current_user(with_cookie()));
  EXPECT_FALSE(auth.signed_in(hash_session_token(token)));
  EXPECT_FALSE(auth.console_in_use(hash_session_token(token)));
}

}  // namespace
}  // namespace votercast::web
