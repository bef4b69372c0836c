// Clusters as the question desk keeps them: each question joins its cluster as it is
// stored, the sizes follow every move (triggers), a restarted desk keeps grouping into the
// same clusters, and a whole cluster or a selection is handled in one step.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/desk/question_desk.hpp"
#include "core/desk/sender_repeats.hpp"
#include "core/text.hpp"
#include "core/intake.hpp"
#include "core/store/cluster_table.hpp"
#include "core/store/event_log.hpp"
#include "core/store/question_table.hpp"
#include "desk_replies.hpp"
#include "temp_db.hpp"

namespace votercast::core {
namespace {

using store::Durability;
using store::GroupCommitWriter;

const std::vector<std::string> kRoad = {
    "Đường ĐT743 đoạn qua phường Hòa Phú xuống cấp nghiêm trọng, nhiều ổ gà. Khi nào tỉnh sửa chữa?",
    "DT duong DT743 doan Hoa Phu nhieu o ga qua, bao gio sua chua?",
    "Xin hỏi đường ĐT743 qua Hòa Phú nhiều ổ gà, bao giờ sửa chữa?",
};
const std::string kWater = "Nước sinh hoạt ở ấp tôi bị nhiễm phèn, bà con phải mua nước bình để uống.";

struct Clusters : ::testing::Test {
  TempDb tmp;
  TicketCipher tickets{TicketCipher::random_key()};
  std::unique_ptr<GroupCommitWriter> writer = std::make_unique<GroupCommitWriter>(tmp.path, Durability::full);
  std::unique_ptr<QuestionDesk> desk = std::make_unique<QuestionDesk>(*writer, tickets);

  Question submit(const std::string& text, const std::string& area = "Phường Hòa Phú", const std::string& sender = {}) {
    Submission s;
    s.text = text;
    s.area = area;
    return await<Question>([&](auto r) { desk->submit(prepare_question(s, now_ms()), "voter", r, sender); });
  }
  // A desk on a fresh process: nothing in memory, everything from the file.
  void restart() {
    desk.reset();
    writer = std::make_unique<GroupCommitWriter>(tmp.path, Durability::full);
    desk = std::make_unique<QuestionDesk>(*writer, tickets);
  }
  store::ClusterSummary cluster(std::int64_t id) {
    std::optional<store::ClusterSummary> out;
    writer->run([&](store::WriteContext& ctx) { out = store::load_cluster(ctx.db(), id); });
    EXPECT_TRUE(out);
    return out.value_or(store::ClusterSummary{});
  }
};

TEST_F(Clusters, AlikeQuestionsJoinTheFirstOnesClusterAcrossARestart) {
  const auto first = submit(kRoad[0]);
  EXPECT_EQ(first.cluster_id, first.id) << "a question asking something new starts its cluster";
  const auto water = submit(kWater, "Ấp 5, xã Minh Hòa");
  EXPECT_EQ(water.cluster_id, water.id);
  EXPECT_EQ(submit(kRoad[1]).cluster_id, first.id) << "the SMS without diacritics";
  restart();
  EXPECT_EQ(submit(kRoad[2]).cluster_id, first.id) << "after a restart, from the stored clusters";
  const auto road = cluster(first.id);
  EXPECT_EQ(road.questions, 3);
  EXPECT_EQ(road.pending, 3);
  EXPECT_EQ(road.voters, 3);
  ASSERT_TRUE(road.representative);
  EXPECT_EQ(road.representative->id, first.id);
  ASSERT_FALSE(road.areas.empty());
  EXPECT_EQ(road.areas[0], (std::pair<std::string, std::int64_t>{"Phường Hòa Phú", 3}));
  std::optional<store::ClusterPage> listed;
  writer->run([&](store::WriteContext& ctx) { listed = store::list_clusters(ctx.db(), std::nullopt, 10, 0); });
  ASSERT_EQ(listed->clusters.size(), 1u) << "a cluster of one is not listed";
  EXPECT_EQ(listed->total, 1);
  EXPECT_EQ(listed->clusters[0].id, first.id);
}

TEST_F(Clusters, MergingACusterMakesOneQuestionForEveryVoterBehindIt) {
  const auto first = submit(kRoad[0]);
  for (int i = 0; i < 4; ++i) submit(kRoad[1 + i % 2]);
  const auto out = await<ClusterOutcome>([&](auto r) { desk->merge_cluster({first.cluster_id.value(), std::nullopt, std::nullopt, "bientap"}, r); });
  EXPECT_EQ(out.changed, 4);
  ASSERT_TRUE(out.into);
  EXPECT_EQ(out.into->id, first.id);
  EXPECT_EQ(out.into->duplicate_count, 4) << "5 voters ask it now";
  const auto road = cluster(first.id);
  EXPECT_EQ(road.pending, 1);
  EXPECT_EQ(road.voters, 5) << "the representative carries its duplicates";
  std::vector<Event> history;
  writer->run([&](store::WriteContext& ctx) { history = store::question_history(ctx.db(), first.id); });
  ASSERT_EQ(history.size(), 2u) << "created, then one change for the whole cluster, not one per member";
  const auto change = nlohmann::json::parse(history[1].payload);
  EXPECT_EQ(change["change"], "cluster_merged");
  EXPECT_EQ(change["questions"], 4);
  EXPECT_EQ(change["voters"], 4);
  EXPECT_EQ(change["question"]["duplicate_count"], 4);
  EXPECT_EQ(code_of([&] {
              await<ClusterOutcome>([&](auto r) { desk->merge_cluster({first.id, std::nullopt, std::nullopt, "bientap"}, r); });
            }),
            "nothing_pending");
  // A new asker joins the same cluster, merged or not.
  EXPECT_EQ(submit(kRoad[2]).cluster_id, first.id);
  EXPECT_EQ(cluster(first.id).voters, 6);
}

TEST_F(Clusters, RejectingACusterAndABulkSelectionEachItemOnItsOwn) {
  const auto first = submit(kRoad[0]);
  submit(kRoad[1]);
  const auto rejected = await<ClusterOutcome>([&](auto r) { desk->reject_cluster({first.id, std::nullopt, "trùng lặp", "bientap"}, r); });
  EXPECT_EQ(rejected.changed, 2);
  EXPECT_EQ(cluster(first.id).pending, 0);

  const auto a = submit("Trường tiểu học trên địa bàn quá tải, mỗi lớp hơn 50 học sinh. Khi nào có thêm trường?");
  const auto b = submit("Bệnh viện đa khoa thị xã thường xuyên quá tải, người bệnh chờ cả buổi sáng.");
  const auto c = submit("Khu vực ấp 3 thường xuyên cúp điện không báo trước, ảnh hưởng sản xuất.");
  BulkRequest bulk;
  bulk.action = BulkAction::approve;
  bulk.actor = "bientap";
  bulk.items = {{a.id, a.version}, {b.id, b.version + 7}, {c.id, c.version}, {999999, 1}};
  const auto out = await<BulkOutcome>([&](auto r) { desk->bulk(bulk, r); });
  ASSERT_EQ(out.changed.size(), 2u);
  EXPECT_EQ(out.changed[0].state, QuestionState::approved);
  ASSERT_EQ(out.refused.size(), 2u);
  EXPECT_EQ(out.refused[0].id, b.id);
  EXPECT_EQ(out.refused[0].code, "version_conflict");
  EXPECT_EQ(out.refused[1].code, "question_not_found");
  std::optional<Question> still;
  writer->run([&](store::WriteContext& ctx) { still = store::load_question(ctx.db(), b.id); });
  EXPECT_EQ(still->state, QuestionState::pending) << "the refused one is untouched";

  const auto d = submit("Vỉa hè đường Nguyễn Văn Cừ bị lấn chiếm để buôn bán, người đi bộ xuống lòng đường.");
  bulk.action = BulkAction::merge;
  bulk.items = {{b.id, b.version}, {d.id, d.version}, {a.id, a.version + 1}};  // the target itself is skipped
  bulk.into = a.id;
  const auto merged = await<BulkOutcome>([&](auto r) { desk->bulk(bulk, r); });
  ASSERT_EQ(merged.changed.size(), 3u) << "both merged, and the target last";
  EXPECT_EQ(merged.changed.back().id, a.id);
  EXPECT_EQ(merged.changed.back().duplicate_count, 2);
  bulk.items.clear();
  EXPECT_EQ(code_of([&] { await<BulkOutcome>([&](auto r) { desk->bulk(bulk, r); }); }), "bad_items");
}

TEST_F(Clusters, OneSendersRepeatsAreSpamCollapsedIntoItsFirstQuestion) {
  const auto first = submit(kRoad[0], "Phường Hòa Phú", "ip:203.0.113.9");
  std::vector<Question> repeats;
  for (int i = 0; i < 6; ++i) repeats.push_back(submit(kRoad[i % 3], "Phường Hòa Phú", "ip:203.0.113.9"));
  for (const auto& q : repeats) {
    EXPECT_EQ(q.state, QuestionState::merged) << q.original_text;
    EXPECT_EQ(q.duplicate_of, first.id);
    EXPECT_TRUE(q.flags.spam);
    EXPECT_EQ(q.cluster_id, first.id);
  }
  // Something else from the same address, and the same from other senders, count as usual.
  const auto water = submit(kWater, "Ấp 5", "ip:203.0.113.9");
  EXPECT_EQ(water.state, QuestionState::pending);
  EXPECT_FALSE(water.flags.spam);
  const auto other = submit(kRoad[1], "Phường Hòa Phú", "device:abc");
  EXPECT_EQ(other.state, QuestionState::pending);
  EXPECT_EQ(submit(kRoad[2], "Phường Hòa Phú", "device:def").state, QuestionState::pending);
  EXPECT_EQ(submit(kRoad[2], "Phường Hòa Phú", "device:def").state, QuestionState::merged) << "a device repeats too";
  EXPECT_EQ(submit(kRoad[2]).state, QuestionState::pending) << "staff have no sender";
  const auto road = cluster(first.id);
  EXPECT_EQ(road.questions, 11);
  EXPECT_EQ(road.pending, 4);
  EXPECT_EQ(road.voters, 4) << "a repeat is not another voter";
  std::optional<Question> stored;
  writer->run([&](store::WriteContext& ctx) { stored = store::load_question(ctx.db(), first.id); });
  EXPECT_EQ(stored->duplicate_count, 0);
  EXPECT_EQ(stored->state, QuestionState::pending);
}

TEST(SenderRepeats, SameTextOrAlikeFromOneSenderWithinTheWindow) {
  SenderRepeats r;
  const auto key = text::near_duplicate_key("Đường ĐT743 đoạn qua phường Hòa Phú xuống cấp nghiêm trọng, nhiều ổ gà.");
  const auto alike = text::near_duplicate_key("duong DT743 doan Hoa Phu xuong cap nhieu o ga qua");
  r.remember("ip:1", 7, "ngan", key, 1000);
  EXPECT_EQ(r.repeated("ip:1", "x", alike, 2000), 7);
  EXPECT_EQ(r.repeated("ip:1", "ngan", "", 2000), 7) << "a short text, the same";
  EXPECT_EQ(r.repeated("ip:2", "ngan", key, 2000), std::nullopt);
  EXPECT_EQ(r.repeated("ip:1", "khac", text::near_duplicate_key("Nước sinh hoạt nhiễm phèn, bà con mua nước bình."), 2000),
            std::nullopt);
  EXPECT_EQ(r.repeated("ip:1", "ngan", key, 1000 + SenderRepeats::kWindowMs + 1), std::nullopt);
  EXPECT_EQ(r.senders(), 0u) << "a sender quiet for a window is forgotten";
}

}  // namespace
}  // namespace votercast::core
