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

constexpr std::int64_t kDay = 24 * 3600 * 1000LL;

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
  const auto signed_in = store::session_user(reader, hash, now_ms(), kDay);
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->user.name, "admin");
  EXPECT_FALSE(store::session_user(reader, hash, now_ms() + 3601 * 1000, kDay)) << "past its age";
  EXPECT_TRUE(await<bool>([&](auto reply) { staff.close_session(hash, reply); }));
  EXPECT_FALSE(store::session_user(reader, hash, now_ms(), kDay));
}

// Issue 14: a changed password or a disabled account ends the account's sessions at
// once (both of them, on any device), and only that account's.
TEST_F(SmallDesks, ANewPasswordOrDisablingEndsTheAccountsSessions) {
  StaffDesk staff(writer);
  ASSERT_TRUE(staff.create_first_admin(hash_password("mat-khau-dau-tien")));
  writer.run([](store::WriteContext& ctx) {
    User producer;
    producer.name = "sanxuat";
    producer.role = Role::producer;
    producer.password_hash = hash_password("mat-khau-cu-1");
    store::insert_user(ctx.db(), producer, ctx.now_ms());
  });
  const auto admin = store::find_user(reader, "admin");
  const auto producer = store::find_user(reader, "sanxuat");
  const std::string laptop(64, 'a'), phone(64, 'b'), admins(64, 'c');
  const std::vector<std::pair<std::int64_t, std::string>> sessions{
      {producer->id, laptop}, {producer->id, phone}, {admin->id, admins}};
  for (const auto& [id, hash] : sessions)
    ASSERT_TRUE(await<bool>([&](auto reply) { staff.open_session(id, hash, 3600, reply); }));

  EXPECT_EQ(staff.change_password("sanxuat", hash_password("mat-khau-moi-2")), 2);
  EXPECT_FALSE(store::session_user(reader, laptop, now_ms(), kDay));
  EXPECT_FALSE(store::session_user(reader, phone, now_ms(), kDay));
  EXPECT_TRUE(store::session_user(reader, admins, now_ms(), kDay)) << "another account's session goes on";
  EXPECT_TRUE(verify_password(store::find_user(reader, "sanxuat")->password_hash, "mat-khau-moi-2"));

  ASSERT_TRUE(await<bool>([&](auto reply) { staff.open_session(producer->id, laptop, 3600, reply); }));
  EXPECT_EQ(staff.set_disabled("sanxuat", true), 1);
  EXPECT_FALSE(store::session_user(reader, laptop, now_ms(), kDay));
  EXPECT_TRUE(store::find_user(reader, "sanxuat")->disabled);
  EXPECT_EQ(staff.set_disabled("sanxuat", false), 0);
  EXPECT_FALSE(store::find_user(reader, "sanxuat")->disabled);
  EXPECT_FALSE(staff.change_password("khong-co", hash_password("mat-khau-moi-3"))) << "no such account";
  EXPECT_FALSE(staff.set_disabled("khong-co", true));
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
