// Video call links in the domain: tokens and codes as they are made and recognized, a
// link's status, and the desk's jobs: making one revokes the last, one phone joins, the
// code trades for a fresh token, and the caller's video state changes without a version.
#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include <nlohmann/json.hpp>

#include "core/call_link.hpp"
#include "core/desk/call_desk.hpp"
#include "core/desk/call_link_desk.hpp"
#include "core/store/call_link_table.hpp"
#include "core/store/database.hpp"
#include "core/store/personal_data.hpp"
#include "core/store/sms_outbox_table.hpp"
#include "desk_replies.hpp"
#include "temp_db.hpp"

using namespace votercast::core;

namespace {

TEST(CallLinkTokens, AreLongRandomAndOnlyTheirHashIsKept) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto token = new_call_token();
    EXPECT_TRUE(looks_like_call_token(token)) << token;
    EXPECT_TRUE(seen.insert(token).second);
    EXPECT_EQ(hash_call_token(token).size(), 64u);
    EXPECT_NE(hash_call_token(token), token);
  }
  EXPECT_EQ(hash_call_token("a"), hash_call_token("a"));
  EXPECT_FALSE(looks_like_call_token(""));
  EXPECT_FALSE(looks_like_call_token(std::string(42, 'A')));
  EXPECT_FALSE(looks_like_call_token(std::string(42, 'A') + "/"));
  EXPECT_TRUE(looks_like_call_token(std::string(43, '_')));
}

TEST(CallLinkCodes, AreSixDigits) {
  for (int i = 0; i < 200; ++i) EXPECT_TRUE(looks_like_call_code(new_call_code()));
  EXPECT_FALSE(looks_like_call_code("12345"));
  EXPECT_FALSE(looks_like_call_code("12345a"));
  EXPECT_FALSE(looks_like_call_code("1234567"));
  EXPECT_TRUE(looks_like_call_code("000123"));
}

TEST(CallLinkStatus, RevokedBeforeUsedBeforeExpired) {
  CallLink link;
  link.expires_at_ms = 1000;
  EXPECT_EQ(status_of(link, 999), CallLinkStatus::open);
  EXPECT_EQ(status_of(link, 1000), CallLinkStatus::expired);
  link.used_at_ms = 500;
  EXPECT_EQ(status_of(link, 5000), CallLinkStatus::used) << "a phone that joined keeps its seat past the link's age";
  link.revoked = true;
  EXPECT_EQ(status_of(link, 0), CallLinkStatus::revoked);
  EXPECT_NE(call_link_problem_message(CallLinkStatus::expired).find("đã hết hạn"), std::string_view::npos);
}

struct CallLinkDeskTest : ::testing::Test {
  TempDb tmp;
  std::vector<Event> events;
  std::mutex mutex;
  store::GroupCommitWriter writer{tmp.path, store::Durability::full, [this](std::vector<Event> batch) {
                                    std::lock_guard lock(mutex);
                                    for (auto& e : batch) events.push_back(std::move(e));
                                  }};
  CallDesk calls{writer};
  CallLinkDesk links{writer};
  store::Database reader{tmp.path, store::Database::Mode::read_only};  // as the io thread's
  static constexpr std::int64_t kHour = 3600 * 1000;

  Caller log(const std::string& name) {
    CallerFields f;
    f.name = name;
    return await<Caller>([&](auto r) { calls.log_call(f, "trucdt", r); });
  }
  MadeCallLink make(const Caller& c, std::int64_t lifetime_ms = 2 * kHour) {
    return await<MadeCallLink>([&](auto r) { links.make(c.id, lifetime_ms, "trucdt", std::nullopt, r); });
  }
  JoinedCall join(const std::string& token, std::optional<std::string> seat = std::nullopt) {
    return await<JoinedCall>([&](auto r) { links.join(token, seat, r); });
  }
  std::optional<CallLink> stored(const std::string& token) {
    std::optional<CallLink> out;
    writer.run([&](store::WriteContext& ctx) { out = store::find_call_link(ctx.db(), hash_call_token(token)); });
    return out;
  }
};

TEST_F(CallLinkDeskTest, MakingALinkRevokesTheLastAndInvitesTheCaller) {
  const auto mai = log("Mai");
  const auto first = make(mai);
  EXPECT_EQ(first.caller.video, CallerVideo::invited);
  EXPECT_EQ(first.caller.version, mai.version) << "video is not an edit";
  const auto second = make(mai);
  EXPECT_TRUE(stored(first.token)->revoked);
  EXPECT_FALSE(stored(second.token)->revoked);
  EXPECT_EQ(code_of([&] { join(first.token); }), "call_link_revoked");
  EXPECT_EQ(code_of([&] { await<MadeCallLink>([&](auto r) { links.make(999, kHour, "x", std::nullopt, r); }); }), "caller_not_found");
  EXPECT_EQ(await<int>([&](auto r) { links.revoke(mai.id, "trucdt", r); }), 1);
  EXPECT_EQ(code_of([&] { join(second.token); }), "call_link_revoked");
  writer.run([](store::WriteContext&) {});
  std::lock_guard lock(mutex);
  for (const auto& e : events) {
    EXPECT_EQ(e.payload.find(first.token), std::string::npos);
    EXPECT_EQ(e.payload.find(first.code), std::string::npos) << e.payload;
  }
}

TEST_F(CallLinkDeskTest, OnePhoneJoinsAndOnlyItComesBack) {
  const auto made = make(log("Mai"));
  const auto joined = join(made.token);
  ASSERT_FALSE(joined.new_seat.empty());
  EXPECT_EQ(stored(made.token)->seat_hash, hash_call_token(joined.new_seat));
  EXPECT_EQ(join(made.token, joined.new_seat).new_seat, "") << "the same phone, seated already";
  EXPECT_EQ(code_of([&] { join(made.token); }), "call_link_used");
  EXPECT_EQ(code_of([&] { join(made.token, new_call_token()); }), "call_link_used");
  EXPECT_EQ(code_of([&] { join(new_call_token()); }), "call_link_unknown");

  auto check = check_call_seat(reader, made.token, joined.new_seat, 0);
  EXPECT_EQ(check.problem_code, "");
  check = check_call_seat(reader, made.token, std::string_view("nope"), 0);
  EXPECT_EQ(check.problem_code, "call_link_used");
}

TEST_F(CallLinkDeskTest, AnExpiredLinkAdmitsNobody) {
  const auto made = make(log("Mai"), -1);
  EXPECT_EQ(code_of([&] { join(made.token); }), "call_link_expired");
  EXPECT_EQ(code_of([&] { await<std::string>([&](auto r) { links.redeem_code(made.code, r); }); }), "call_code_unknown");
}

TEST_F(CallLinkDeskTest, TheCodeTradesForAFreshToken) {
  const auto made = make(log("Mai"));
  const auto token = await<std::string>([&](auto r) { links.redeem_code(made.code, r); });
  EXPECT_NE(token, made.token);
  EXPECT_FALSE(stored(made.token)) << "the old address stops working";
  EXPECT_FALSE(join(token).new_seat.empty());
  EXPECT_EQ(code_of([&] { await<std::string>([&](auto r) { links.redeem_code(made.code, r); }); }), "call_code_unknown")
      << "a used link's code leads nowhere";
  EXPECT_EQ(code_of([&] { await<std::string>([&](auto r) { links.redeem_code("12a456", r); }); }), "call_code_unknown");
}

TEST_F(CallLinkDeskTest, VideoStateChangesAreEventsWithoutANewVersion) {
  const auto mai = log("Mai");
  auto c = await<Caller>([&](auto r) { links.set_video(mai.id, CallerVideo::waiting, r); });
  EXPECT_EQ(c.video, CallerVideo::waiting);
  EXPECT_EQ(c.version, mai.version);
  c = await<Caller>([&](auto r) { links.set_video(mai.id, CallerVideo::waiting, r); });  // no change, no event
  writer.run([](store::WriteContext&) {});
  std::lock_guard lock(mutex);
  ASSERT_EQ(events.size(), 2u);
  const auto payload = nlohmann::json::parse(events[1].payload);
  EXPECT_EQ(payload["change"], "video");
  EXPECT_EQ(payload["caller"]["video"], "waiting");
}

TEST_F(CallLinkDeskTest, MediaEndingWithNoPhoneLeavesOnlyAConnectedOrLostVideo) {
  const auto mai = log("Mai");
  auto c = await<Caller>([&](auto r) { links.set_video(mai.id, CallerVideo::connected, r); });
  EXPECT_EQ(c.video, CallerVideo::connected);
  EXPECT_EQ(parse_caller_video(to_string(CallerVideo::lost)), CallerVideo::lost);
  c = await<Caller>([&](auto r) { links.media_ended(mai.id, r); });
  EXPECT_EQ(c.video, CallerVideo::left);
  c = await<Caller>([&](auto r) { links.set_video(mai.id, CallerVideo::lost, r); });
  c = await<Caller>([&](auto r) { links.media_ended(mai.id, r); });
  EXPECT_EQ(c.video, CallerVideo::left);
  // A new link was made meanwhile: the invitation stands.
  make(mai);
  c = await<Caller>([&](auto r) { links.media_ended(mai.id, r); });
  EXPECT_EQ(c.video, CallerVideo::invited);
}

}  // namespace// A link asked to go by SMS is in the outbox with it, by its short code (the token is never
// stored); a caller without a number gets no link at all; erasing the caller's number
// cancels the message not sent and blanks it.
TEST_F(CallLinkDeskTest, ALinkBySmsWaitsInTheOutboxWithItsCodeNotItsToken) {
  CallLinkSms sms;
  sms.gateway = "kannel";
  sms.forms = {"Mời bạn gọi video: {url}/call?code={code} (mã {code})", "{code}"};
  sms.values = {{"url", "https://hoidap.example.vn"}};
  CallerFields f;
  f.name = "Lê Văn Tám";
  f.phone = "+84912345678";
  const auto tam = await<Caller>([&](auto r) { calls.log_call(f, "trucdt", r); });
  const auto made = await<MadeCallLink>([&](auto r) { links.make(tam.id, kHour, "trucdt", sms, r); });
  ASSERT_TRUE(made.sms);
  EXPECT_EQ(made.sms->to, "+84912345678");
  EXPECT_EQ(made.sms->text, "Moi ban goi video: https://hoidap.example.vn/call?code=" + made.code + " (ma " + made.code + ")")
      << "unaccented: one GSM-7 SMS";
  std::vector<sms::OutboxMessage> outbox;
  writer.run([&](store::WriteContext& ctx) { outbox = store::list_outbox(ctx.db(), std::nullopt, 10); });
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].purpose, "call_link");
  EXPECT_EQ(outbox[0].gateway, "kannel");
  EXPECT_EQ(outbox[0].question_id, 0);
  EXPECT_TRUE(outbox[0].call_link_id);
  EXPECT_EQ(outbox[0].state, sms::OutboxState::pending);
  EXPECT_EQ(outbox[0].text.find(made.token), std::string::npos) << "no token in the outbox";

  const auto mai = log("Mai");  // no number
  EXPECT_EQ(code_of([&] { await<MadeCallLink>([&](auto r) { links.make(mai.id, kHour, "trucdt", sms, r); }); }),
            "caller_has_no_phone");
  std::int64_t links_of_mai = -1;
  writer.run([&](store::WriteContext& ctx) {
    links_of_mai = ctx.db().prepare("SELECT count(*) FROM call_links WHERE caller_id = ?").bind(1, mai.id).scalar_int64();
  });
  EXPECT_EQ(links_of_mai, 0) << "nothing is made";

  store::ErasedCounts erased;
  const auto found = store::find_voter_rows(reader, "+84912345678");
  writer.run([&](store::WriteContext& ctx) {
    erased = store::erase_callers_by_phone(ctx.db(), "+84912345678", found, ctx.now_ms());
    outbox = store::list_outbox(ctx.db(), std::nullopt, 10);
  });
  EXPECT_EQ(erased.callers, 1);
  EXPECT_EQ(erased.outbox_cancelled, 1);
  EXPECT_EQ(erased.outbox_numbers, 1);
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].state, sms::OutboxState::cancelled);
  EXPECT_EQ(outbox[0].to, "");
}


