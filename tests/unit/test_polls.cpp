// The poll domain: content rules, how a voter's text finds an option, the revote rules
// against a real store, the live tally and per-address buckets (device tokens: test_device_token.cpp).
#include <gtest/gtest.h>

#include <future>

#include "core/errors.hpp"
#include "core/poll.hpp"
#include "core/desk/poll_desk.hpp"
#include "core/rate_bucket.hpp"
#include "core/store/poll_table.hpp"
#include "desk_replies.hpp"
#include "temp_db.hpp"

using namespace votercast::core;

namespace {

Poll satisfaction_poll(RevoteRule rule = RevoteRule::last) {
  Poll p;
  set_poll_content(p, "  Bạn có hài lòng?  ", {{"a", "Hài lòng"}, {"b", "Chưa hài lòng"}, {"3", "Không ý kiến"}});
  p.revote = rule;
  p.state = PollState::open;
  return p;
}

TEST(PollContent, IsNormalizedAndChecked) {
  const auto p = satisfaction_poll();
  EXPECT_EQ(p.title, "Bạn có hài lòng?");
  EXPECT_EQ(p.options[0].code, "A");
  EXPECT_EQ(p.options[2].code, "3");
  Poll q;
  EXPECT_EQ(code_of([&] { set_poll_content(q, "X", {{"A", "Có"}}); }), "bad_option_count");
  EXPECT_EQ(code_of([&] { set_poll_content(q, "X", std::vector<PollChoice>(7, {"A", "Có"})); }), "bad_option_count");
  EXPECT_EQ(code_of([&] { set_poll_content(q, "X", {{"A", "Có"}, {"a", "Không"}}); }), "duplicate_option_code");
  EXPECT_EQ(code_of([&] { set_poll_content(q, "X", {{"ABCD", "Có"}, {"B", "Không"}}); }), "bad_option_code");
  EXPECT_EQ(code_of([&] { set_poll_content(q, "X", {{"", "Có"}, {"B", "Không"}}); }), "bad_option_code");
  EXPECT_EQ(code_of([&] { set_poll_content(q, "X", {{"A", ""}, {"B", "Không"}}); }), "label_required");
  EXPECT_EQ(code_of([&] { set_poll_content(q, std::string(201, 'x'), {{"A", "Có"}, {"B", "Không"}}); }),
            "title_too_long");
}

TEST(PollContent, AVotersTextFindsItsOption) {
  const auto p = satisfaction_poll();
  EXPECT_EQ(option_code_for(p, "a"), "A");
  EXPECT_EQ(option_code_for(p, " B. "), "B");
  EXPECT_EQ(option_code_for(p, "b)"), "B");
  EXPECT_EQ(option_code_for(p, "3"), "3");
  EXPECT_EQ(option_code_for(p, "chua hai long"), "B") << "the label, without diacritics";
  EXPECT_EQ(option_code_for(p, "HÀI LÒNG"), "A");
  EXPECT_FALSE(option_code_for(p, "D"));
  EXPECT_FALSE(option_code_for(p, ""));
  EXPECT_FALSE(option_code_for(p, "\xff"));
}

struct PollStoreTest : ::testing::Test {
  TempDb tmp;
  store::GroupCommitWriter writer{tmp.path, store::Durability::normal};

  template <class F>
  auto in_job(F f) {
    std::optional<std::invoke_result_t<F, store::WriteContext&>> out;
    writer.run([&](store::WriteContext& ctx) { out = f(ctx); });
    return *out;
  }
  Poll stored(Poll p) {
    return in_job([&](store::WriteContext& ctx) {
      store::insert_poll(ctx.db(), p);
      return p;
    });
  }
  VoteResult vote(const Poll& p, const std::string& voter, const std::string& code) {
    return in_job([&](store::WriteContext& ctx) { return store::record_vote(ctx.db(), p, voter, code, "web", 1); });
  }
  std::unordered_map<std::string, std::int64_t> counts(const Poll& p) {
    return in_job([&](store::WriteContext& ctx) { return store::count_votes(ctx.db(), p.id); });
  }
};

TEST_F(PollStoreTest, TheLastVoteReplacesTheEarlierOne) {
  const auto p = stored(satisfaction_poll(RevoteRule::last));
  PollTally tally;
  tally.load(p.id, {});
  auto r = vote(p, "web:x", "A");
  EXPECT_TRUE(r.counted);
  tally.apply(r);
  r = vote(p, "web:x", "B");
  EXPECT_TRUE(r.counted);
  EXPECT_EQ(r.replaced, "A");
  tally.apply(r);
  r = vote(p, "web:x", "B");
  EXPECT_FALSE(r.counted);
  tally.apply(r);
  tally.apply(vote(p, "sms:+84912345678", "B"));
  const auto stored_counts = counts(p);
  EXPECT_EQ(stored_counts.at("B"), 2);
  EXPECT_FALSE(stored_counts.contains("A"));
  EXPECT_EQ(tally.counts(p.id).at("B"), 2) << "the tally follows the stored votes";
  EXPECT_EQ(tally.counts(p.id).at("A"), 0);
}

TEST_F(PollStoreTest, TheFirstVoteStands) {
  const auto p = stored(satisfaction_poll(RevoteRule::first));
  EXPECT_TRUE(vote(p, "web:x", "A").counted);
  const auto again = vote(p, "web:x", "B");
  EXPECT_FALSE(again.counted);
  EXPECT_TRUE(again.kept_earlier);
  EXPECT_EQ(again.code, "A");
  EXPECT_EQ(counts(p).at("A"), 1);
}

TEST_F(PollStoreTest, VotesGoOnlyToAnOpenPollAndAKnownOption) {
  auto p = satisfaction_poll();
  p.state = PollState::draft;
  p = stored(p);
  auto attempt = [&](std::int64_t poll_id, const std::string& typed) {
    return code_of([&] { in_job([&](store::WriteContext& ctx) { return vote_in_job(ctx, {poll_id, "web:x", typed, "web"}); }); });
  };
  EXPECT_EQ(attempt(p.id, "A"), "poll_not_open");
  EXPECT_EQ(attempt(0, "A"), "no_open_poll");
  EXPECT_EQ(attempt(p.id + 1, "A"), "poll_not_found");
  auto open = stored(satisfaction_poll());
  EXPECT_EQ(attempt(open.id, "Z"), "unknown_option");
  EXPECT_EQ(attempt(0, "b"), "(no error)") << "without an id, the open poll";
  EXPECT_EQ(counts(open).at("B"), 1);
}

TEST(RateBucketsTest, AllowABurstThenTheRate) {
  std::int64_t now = 0;
  RateBuckets buckets(3, 2, [&] { return now; });
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(buckets.admit("203.0.113.9"));
  EXPECT_FALSE(buckets.admit("203.0.113.9"));
  EXPECT_TRUE(buckets.admit("203.0.113.10")) << "addresses are apart";
  now += 500;  // one token back at 2 a second
  EXPECT_TRUE(buckets.admit("203.0.113.9"));
  EXPECT_FALSE(buckets.admit("203.0.113.9"));
  now += 60'000;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(buckets.admit("203.0.113.9")) << "refilled, never beyond the burst";
  EXPECT_FALSE(buckets.admit("203.0.113.9"));
}

TEST(RateBucketsTest, SaysHowLongUntilTheNextToken) {
  std::int64_t now = 0;
  RateBuckets buckets(2, 0.5, [&] { return now; });  // one every 2 s
  EXPECT_EQ(buckets.take("198.51.100.1"), 0);
  EXPECT_EQ(buckets.take("198.51.100.1"), 0);
  EXPECT_EQ(buckets.take("198.51.100.1"), 2000);
  now += 1500;
  EXPECT_EQ(buckets.take("198.51.100.1"), 500) << "a refusal takes nothing";
  now += 500;
  EXPECT_EQ(buckets.take("198.51.100.1"), 0);
}

}  // namespace
