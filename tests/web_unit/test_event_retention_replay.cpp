// Retention and the consoles' replay, with the server's own policy: after a prune, a
// console far enough behind to have missed pruned events is sent a fresh snapshot, and one
// the hub would replay gets every event after its `since`, none missing, none changed.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/store/event_log.hpp"
#include "core/store/event_retention.hpp"
#include "core/store/group_commit_writer.hpp"
#include "core/store/show_table.hpp"
#include "web/config/retention_settings.hpp"
#include "web/live/event_hub.hpp"

namespace votercast::web {
namespace {

struct CapturedConnection : WsConnection {
  std::vector<nlohmann::json> frames;
  bool send(std::shared_ptr<const std::string> text) override {
    frames.push_back(nlohmann::json::parse(*text));
    return true;
  }
  void close() override {}
  std::size_t queued() const override { return frames.size(); }
};

class RetentionReplay : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("votercast-retention-" + std::to_string(std::random_device{}()));
  std::string path = (std::filesystem::create_directories(dir), (dir / "hub.db").string());
  core::store::GroupCommitWriter writer{path, core::store::Durability::normal};
  core::store::Database reader{path, core::store::Database::Mode::read_only};
  int snapshots = 0;
  EventHub hub{reader, 100000, [this](core::PhoneView) {
                 ++snapshots;
                 return EventHub::Snapshot{core::store::last_event_seq(reader), R"({"type":"snapshot"})"};
               }};

  ~RetentionReplay() override {
    writer.stop();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

TEST_F(RetentionReplay, AConsoleBehindThePrunedEventsStartsAfreshAndTheOthersMissNothing) {
  // One long closed show whose callers fill more than the whole window of the newest events.
  constexpr int kCallers = 3 * EventHub::kMaxReplay;
  writer.run([&](core::store::WriteContext& ctx) {
    core::Show show;
    show.title = "Số 11";
    show.opened_at_ms = ctx.now_ms();
    show.opened_by = "sanxuat";
    core::store::insert_show(ctx.db(), show);
    for (int i = 0; i < kCallers; ++i)
      ctx.emit("caller.updated", "trucdt", std::nullopt,
               R"({"change":"edit","caller":{"id":)" + std::to_string(i) + R"(,"show_id":)" + std::to_string(show.id) + "}}");
    core::store::mark_show_closed(ctx.db(), show.id, ctx.now_ms());
    ctx.emit("show.closed", "sanxuat", std::nullopt, "{}");
  });
  const auto last = core::store::last_event_seq(reader);

  RetentionSettings settings;
  settings.events_days = 1;
  const auto policy = event_retention(settings, EventHub::kMaxReplay);
  ASSERT_TRUE(policy);
  const auto tomorrow = core::now_ms() + 2 * 24 * 3600 * 1000LL;
  std::int64_t after = 0, deleted = 0;
  for (bool done = false; !done;) {
    writer.run([&](core::store::WriteContext& ctx) {
      const auto step = core::store::prune_events_step(ctx.db(), *policy, tomorrow, after);
      after = step.examined_upto;
      deleted += step.deleted;
      done = step.done;
    });
  }
  ASSERT_GT(deleted, 0) << "the show's oldest callers went";
  const auto oldest_kept_caller =
      reader.prepare("SELECT min(seq) FROM events WHERE type = 'caller.updated'").scalar_int64();
  ASSERT_GT(oldest_kept_caller, 2) << "events were pruned right after the console's last one";

  // Last saw an event that is gone now: no replay could be whole, so it starts afresh.
  auto behind = std::make_shared<CapturedConnection>();
  hub.open(behind, 1, core::PhoneView::full);
  ASSERT_EQ(behind->frames.size(), 1u);
  EXPECT_EQ(behind->frames[0]["type"], "snapshot");
  EXPECT_EQ(snapshots, 1);

  // As far behind as the hub replays: everything after `since`, in order, as it was.
  const auto since = last - EventHub::kMaxReplay;
  auto replayed = std::make_shared<CapturedConnection>();
  hub.open(replayed, since, core::PhoneView::full);
  ASSERT_EQ(replayed->frames.size(), static_cast<std::size_t>(EventHub::kMaxReplay) + 1);
  EXPECT_EQ(replayed->frames[0]["type"], "replay");
  for (std::int64_t i = 1; i <= EventHub::kMaxReplay; ++i) {
    ASSERT_EQ(replayed->frames[i]["seq"], since + i) << "no gap";
    if (i < EventHub::kMaxReplay) {
      ASSERT_TRUE(replayed->frames[i].contains("caller")) << "not pruned";
    }
  }
  EXPECT_EQ(snapshots, 1);
}

TEST(RetentionConfig, ZeroTurnsItOffAndDaysBecomeTheAge) {
  RetentionSettings s;
  EXPECT_EQ(s.events_days, 90) << "the default";
  EXPECT_EQ(event_retention(s, 5000)->max_age_ms, 90LL * 24 * 3600 * 1000);
  EXPECT_EQ(event_retention(s, 5000)->keep_newest, 10000) << "twice the replay window";
  EXPECT_EQ(event_retention(parse_retention_settings({{"events_days", 0.5}}), 5000)->max_age_ms, 12LL * 3600 * 1000);
  EXPECT_FALSE(event_retention(parse_retention_settings({{"events_days", 0}}), 5000));
  for (const auto& bad : {nlohmann::json{{"events_days", -1}}, nlohmann::json{{"events_days", "90"}},
                          nlohmann::json{{"events_days", 1e9}}, nlohmann::json{{"event_days", 90}}}) {
    try {
      parse_retention_settings(bad);
      ADD_FAILURE() << bad.dump() << " accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("retention.event"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace votercast::web
