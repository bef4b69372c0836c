// The call-in domain: the caller state table, what a screener types (validated and
// normalized), the desk's jobs and their events, who may move a caller where, and
// phone masking in any JSON the server sends.
#include <gtest/gtest.h>

#include <future>

#include <nlohmann/json.hpp>

#include "core/desk/call_desk.hpp"
#include "core/format/caller_json.hpp"
#include "core/errors.hpp"
#include "core/phone_privacy.hpp"
#include "core/store/caller_table.hpp"
#include "core/store/show_table.hpp"
#include "core/users.hpp"
#include "desk_replies.hpp"
#include "temp_db.hpp"

using namespace votercast::core;
using S = CallerState;

namespace {

TEST(CallerStates, FollowTheScreenersOrder) {
  EXPECT_TRUE(can_transition(S::waiting, S::screened));
  EXPECT_FALSE(can_transition(S::waiting, S::next)) << "screened first";
  EXPECT_FALSE(can_transition(S::waiting, S::on_air));
  EXPECT_TRUE(can_transition(S::screened, S::next));
  EXPECT_TRUE(can_transition(S::screened, S::waiting));
  EXPECT_FALSE(can_transition(S::screened, S::on_air)) << "only a caller who is next goes on air";
  EXPECT_TRUE(can_transition(S::next, S::on_air));
  EXPECT_TRUE(can_transition(S::on_air, S::done));
  EXPECT_TRUE(can_transition(S::on_air, S::dropped));
  EXPECT_FALSE(can_transition(S::on_air, S::next));
  EXPECT_TRUE(can_transition(S::dropped, S::waiting)) << "called back";
  EXPECT_TRUE(next_states(S::done).empty());
  EXPECT_EQ(next_states(S::next), (std::vector<S>{S::screened, S::on_air, S::dropped}));
  for (auto s : {S::waiting, S::screened, S::next, S::on_air, S::done, S::dropped})
    EXPECT_EQ(parse_caller_state(to_string(s)), s);
  EXPECT_FALSE(parse_caller_state("on air"));
}

TEST(CallerStates, AirIsTheStudiosAndScreeningTheScreeners) {
  EXPECT_TRUE(touches_air(S::next, S::on_air));
  EXPECT_TRUE(touches_air(S::on_air, S::dropped));
  EXPECT_FALSE(touches_air(S::next, S::dropped));
  EXPECT_TRUE(role_may(Role::screener, Permission::screen_calls));
  EXPECT_FALSE(role_may(Role::screener, Permission::take_to_air));
  EXPECT_TRUE(role_may(Role::operator_, Permission::take_to_air));
  EXPECT_FALSE(role_may(Role::operator_, Permission::screen_calls));
  EXPECT_TRUE(role_may(Role::producer, Permission::screen_calls));
  EXPECT_TRUE(role_may(Role::screener, Permission::view_phones));
  EXPECT_FALSE(role_may(Role::moderator, Permission::view_phones));
  EXPECT_FALSE(role_may(Role::operator_, Permission::view_phones));
  EXPECT_FALSE(role_may(Role::agency, Permission::view_phones));
}

TEST(CallerFieldsTest, AreNormalizedAndChecked) {
  Caller c;
  CallerFields f;
  f.name = "  Nguye\xcc\x82\xcc\x83n   Văn  An ";
  f.phone = "+84 912-345-678";
  f.point = "Dòng 1\nDòng 2";
  f.alerts = std::vector<std::string>{"gọi lần 3", "   "};
  apply_caller_fields(c, f);
  EXPECT_EQ(c.name, "Nguyễn Văn An");
  EXPECT_EQ(c.phone, "+84912345678");
  EXPECT_EQ(c.point, "Dòng 1\nDòng 2") << "the point keeps its lines";
  EXPECT_EQ(c.alerts, std::vector<std::string>{"gọi lần 3"}) << "empty alerts are dropped";

  CallerFields clear_phone;
  clear_phone.phone = "";
  apply_caller_fields(c, clear_phone);
  EXPECT_EQ(c.phone, "");
  EXPECT_EQ(c.name, "Nguyễn Văn An") << "absent fields stay";

  Caller fresh;
  EXPECT_EQ(code_of([&] { apply_caller_fields(fresh, CallerFields{}); }), "name_required");
  CallerFields bad;
  bad.name = "A";
  bad.phone = "12";
  EXPECT_EQ(code_of([&] { apply_caller_fields(fresh, bad); }), "bad_phone");
  bad.phone.reset();
  bad.area = std::string(101, 'x');
  EXPECT_EQ(code_of([&] { apply_caller_fields(fresh, bad); }), "area_too_long");
  bad.area.reset();
  bad.notes = "\xc3\x28";
  EXPECT_EQ(code_of([&] { apply_caller_fields(fresh, bad); }), "invalid_utf8");
}

TEST(CallerJson, MasksThePhoneForStaffWithoutTheRight) {
  Caller c;
  c.id = 7;
  c.name = "Mai";
  c.phone = "+84912345678";
  c.alerts = {"nói \"nhanh\""};
  const auto full = nlohmann::json::parse(caller_json_text(c, PhoneView::full));
  const auto masked = nlohmann::json::parse(caller_json_text(c, PhoneView::masked));
  EXPECT_EQ(full["phone"], "+84912345678");
  EXPECT_EQ(full["phone_masked"], false);
  EXPECT_EQ(masked["phone"], "0912***678");
  EXPECT_EQ(masked["phone_masked"], true);
  EXPECT_EQ(masked["alerts"][0], "nói \"nhanh\"");
  EXPECT_TRUE(masked["on_air_at"].is_null());
}

TEST(PhonePrivacy, MasksEveryPhoneMemberAtAnyDepth) {
  const std::string event =
      R"({"seq":3,"type":"question.created","question":{"phone":"+84912345678","text":"số 0912345678 trong câu"},)"
      R"("list":[{"phone":"+842743822123"},{"phone":""}],"caller":{"phone":"+84987654321","phone_masked":false}})";
  const auto out = nlohmann::json::parse(mask_phone_fields(event));
  EXPECT_EQ(out["question"]["phone"], "0912***678");
  EXPECT_EQ(out["question"]["text"], "số 0912345678 trong câu") << "only the phone fields";
  EXPECT_EQ(out["list"][0]["phone"], "0274****123");
  EXPECT_EQ(out["list"][1]["phone"], "");
  EXPECT_EQ(out["caller"]["phone"], "0987***321");
  EXPECT_EQ(out["caller"]["phone_masked"], true);
  const std::string no_numbers = R"({"question":{"phone":"","text":"x"}})";
  EXPECT_EQ(mask_phone_fields(no_numbers), no_numbers) << "left as it is";
}

struct CallDeskTest : ::testing::Test {
  TempDb tmp;
  std::vector<Event> events;
  std::mutex mutex;
  store::GroupCommitWriter writer{tmp.path, store::Durability::full, [this](std::vector<Event> batch) {
                                    std::lock_guard lock(mutex);
                                    for (auto& e : batch) events.push_back(std::move(e));
                                  }};
  TicketCipher tickets{TicketCipher::random_key()};
  QuestionDesk questions{writer, tickets};
  CallDesk calls{writer};

  Caller log(const std::string& name, const std::string& phone = "") {
    CallerFields f;
    f.name = name;
    if (!phone.empty()) f.phone = phone;
    return await<Caller>([&](auto r) { calls.log_call(f, "trucdt", r); });
  }
  Caller move(const Caller& c, S to, bool studio = true) {
    CallerTransition t{c.id, to, c.version, studio ? "sanxuat" : "trucdt", studio, true};
    return await<CallerMove>([&](auto r) { calls.transition(t, r); }).caller;
  }
  Caller load(std::int64_t id) {
    std::optional<Caller> c;
    writer.run([&](store::WriteContext& ctx) { c = store::load_caller(ctx.db(), id); });
    return *c;
  }
};

TEST_F(CallDeskTest, CountsEarlierCallsFromTheSameNumber) {
  EXPECT_EQ(log("Mai", "0912345678").previous_calls, 0);
  EXPECT_EQ(log("Mai", "+84 912 345 678").previous_calls, 1);
  EXPECT_EQ(log("An", "0987654321").previous_calls, 0);
  EXPECT_EQ(log("Không số").previous_calls, 0);
}

TEST_F(CallDeskTest, ChecksTheStoredStateNotTheConsolesView) {
  auto c = log("Mai");
  c = move(c, S::screened, false);
  c = move(c, S::next, false);
  EXPECT_EQ(code_of([&] { move(c, S::on_air, false); }), "forbidden");
  c = move(c, S::on_air);
  EXPECT_EQ(code_of([&] { move(c, S::dropped, false); }), "forbidden") << "the screener cannot cut a call on air";
  auto other = move(move(log("An"), S::screened), S::next);
  EXPECT_EQ(code_of([&] { move(other, S::on_air); }), "another_caller_on_air");
  EXPECT_EQ(code_of([&] { move(other, S::done); }), "invalid_transition");
  c = move(c, S::done);
  EXPECT_TRUE(c.ended_at_ms.has_value());
  other = move(other, S::on_air);
  EXPECT_EQ(load(other.id).state, S::on_air);
}

TEST_F(CallDeskTest, EachChangeIsAnEventWithTheFullCaller) {
  auto c = log("Mai", "0912345678");
  c = move(c, S::screened, false);
  writer.run([](store::WriteContext&) {});  // the events of earlier jobs are out
  std::lock_guard lock(mutex);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "caller.created");
  EXPECT_EQ(events[1].type, "caller.updated");
  const auto payload = nlohmann::json::parse(events[1].payload);
  EXPECT_EQ(payload["from"], "waiting");
  EXPECT_EQ(payload["to"], "screened");
  EXPECT_EQ(payload["caller"]["phone"], "+84912345678") << "the hub masks per console, the log keeps it";
  EXPECT_EQ(events[1].actor, "trucdt");
}

}  // namespace
