// The small desks: staff sessions and the first admin, and the intake switch.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/desk/intake_desk.hpp"
#include "core/desk/staff_desk.hpp"
#include "core/store/event_log.hpp"
#include "core/store/user_table.hpp"
#include "desk_replies.hpp"
#include "temp_db.hpp"

namespace votercast::core {
namespace {

class SmallDesks : public ::testing::Test {
 protected:
  TempDb tmp;
  store::GroupCommitWriter writer{tmp.path, store::Durability::normal};
  store::Database reader{tmp.path, store::Database::Mode::read_only};
  ~SmallDesks() override { writer.stop(); }
};

TEST_F(SmallDesks, TheFirstAdminIsMadeOnceAndSignsInAndOut) {
  StaffDesk staff(writer);
  EXPECT_TRUE(staff.create_first_admin(hash_password("mat-khau-dau-tien")));
  EXPECT_FALSE(staff.create_first_admin(hash_password("another"))) << "an account exists already";
  const auto admin = store::find_user(reader, "admin");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->role, Role::admin);
  EXPECT_TRUE(verify_password(admin->password_hash, "mat-khau-dau-tien"));

  const std::string hash(64, 'a');
  EXPECT_TRUE(await<bool>([&](auto reply) { staff.open_session(admin->id, hash, 3600, reply); }));
  const auto signed_in = store::session_user(reader, hash, now_ms());
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->name, "admin");
  EXPECT_FALSE(store::session_user(reader, hash, now_ms() + 3601 * 1000)) << "past its age";
  EXPECT_TRUE(await<bool>([&](auto reply) { staff.close_session(hash, reply); }));
  EXPECT_FALSE(store::session_user(reader, hash, now_ms()));
}

TEST_F(SmallDesks, TheIntakeSwitchIsKeptAndEachChangeIsAnEvent) {
  IntakeDesk intake(writer);
  EXPECT_FALSE(IntakeDesk::paused(reader)) << "never set: open";
  EXPECT_TRUE(await<bool>([&](auto reply) { intake.set_paused(true, "sanxuat", reply); }));
  EXPECT_TRUE(IntakeDesk::paused(reader));
  EXPECT_FALSE(await<bool>([&](auto reply) { intake.set_paused(false, "sanxuat", reply); }));
  EXPECT_FALSE(IntakeDesk::paused(reader));
  const auto events = store::events_after(reader, 0, 10);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "intake.changed");
  EXPECT_EQ(events[0].actor, "sanxuat");
  EXPECT_EQ(events[0].payload, R"({"paused":true})");
  EXPECT_EQ(events[1].payload, R"({"paused":false})");
}

}  // namespace
}  // namespace votercast::core
