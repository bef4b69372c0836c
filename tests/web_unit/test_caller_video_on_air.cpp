// A video caller on the programme, in the server's own process (web/live/caller_video.hpp):
// the picture a CallerFeeds gives is blended into the programme frames under the layer, a
// lost link brings up the card in the same turn and a connected one takes it away, and a
// picture taken down is let go. The integration tests run the real binary and cannot hand
// it a feed of their own; here a test's CallerFeeds gives each caller a solid colour.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "web/live/caller_video.hpp"
#include "web/live/test_picture_feeds.hpp"

namespace votercast::web {
namespace {

using namespace std::chrono_literals;

// Rendering is the worker's (Pango at 1080p): tens of milliseconds in the normal build,
// seconds in a Debug build with AddressSanitizer on a busy machine.
#if defined(__SANITIZE_ADDRESS__)
constexpr auto kRendered = 20s;
#else
constexpr auto kRendered = 2s;
#endif

// A test's calls: each a solid picture, in a state the test sets. The source holds a
// token, as a real one holds its link: once the graphics let it go, the token is gone.
class SolidFeeds final : public CallerFeeds {
 public:
  struct Call {
    FeedState state = FeedState::connected;
    std::uint8_t y = 0, u = 128, v = 128;
    std::weak_ptr<int> token;
  };
  std::map<std::int64_t, Call> calls;
  void add(std::int64_t id, FeedState state, std::uint8_t y, std::uint8_t u, std::uint8_t v) {
    auto& call = calls[id];
    call.state = state, call.y = y, call.u = u, call.v = v;
  }

  media::CallerPictureSource picture(std::int64_t id) override {
    auto& call = calls.at(id);
    auto p = std::make_shared<media::CallerPicture>();
    p->width = 640, p->height = 360, p->number = 1;
    p->y.assign(640 * 360, call.y);
    p->u.assign(320 * 180, call.u);
    p->v.assign(320 * 180, call.v);
    auto token = std::make_shared<int>(static_cast<int>(id));
    call.token = token;
    return [p = std::shared_ptr<const media::CallerPicture>(std::move(p)), token] { return p; };
  }
  media::SoundInsert sound(std::int64_t) override { return {}; }
  FeedState state(std::int64_t id) const override {
    const auto it = calls.find(id);
    return it == calls.end() ? FeedState::none : it->second.state;
  }
  void set(std::int64_t id, FeedState state) {
    calls[id].state = state;
    if (on_state) on_state(id, state);
  }
};

// A 1080p programme frame, mid grey, that the graphics are blended into.
struct Frame {
  std::vector<std::uint8_t> y = std::vector<std::uint8_t>(1920 * 1080, 100);
  std::vector<std::uint8_t> u = std::vector<std::uint8_t>(960 * 540, 128), v = u;
  media::VideoFrameView view() {
    media::VideoFrameView f;
    f.data[0] = y.data(), f.data[1] = u.data(), f.data[2] = v.data();
    f.stride[0] = 1920, f.stride[1] = f.stride[2] = 960;
    f.width = 1920, f.height = 1080;
    return f;
  }
  std::uint8_t luma(int x, int row) const { return y[static_cast<std::size_t>(row) * 1920 + x]; }
  std::uint8_t cb(int x, int row) const { return u[static_cast<std::size_t>(row / 2) * 960 + x / 2]; }
  std::uint8_t cr(int x, int row) const { return v[static_cast<std::size_t>(row / 2) * 960 + x / 2]; }
};

class CallerVideoOnAir : public ::testing::Test {
 protected:
  ProgrammeSettings no_programme() {
    ProgrammeSettings s;
    s.enabled = false;  // the graphics alone; frames are blended by the test
    return s;
  }
  ControlRoom room{no_programme(), "http://127.0.0.1:8080"};
  SolidFeeds feeds;
  std::int64_t running_ns = 0;

  // Sets `scene` and blends frames until it is on air (2 s at most); returns the last frame.
  Frame on_air(std::uint64_t generation) {
    EXPECT_TRUE(room.graphics().wait_published(generation, kRendered));
    Frame f;
    for (int i = 0; i < 3; ++i) {
      f = Frame();
      auto view = f.view();
      room.graphics().blend(view, running_ns += 40'000'000);
    }
    return f;
  }
  std::uint64_t take(std::int64_t id, const std::string& name, CallerLayout layout) {
    return room.graphics().set_scene(show_caller_video(room, feeds, id, name, layout, room.graphics().scene()));
  }
};

// The picture-in-picture box: (1180, 150) 640x360 at 1080; its middle, above the name tag.
constexpr int kPipX = 1500, kPipY = 260;

TEST_F(CallerVideoOnAir, TheCallersPictureIsBlendedUnderTheLayer) {
  feeds.add(7, FeedState::connected, 200, 90, 180);
  const auto frame = on_air(take(7, "Nguyễn Thị Mai", CallerLayout::pip));
  const auto& shown = room.graphics().scene().caller_video;
  EXPECT_TRUE(shown.visible);
  EXPECT_EQ(shown.content.name, "Nguyễn Thị Mai");
  EXPECT_EQ(shown.content.layout, CallerLayout::pip);
  EXPECT_FALSE(shown.content.lost);
  EXPECT_NEAR(frame.luma(kPipX, kPipY), 200, 4);
  EXPECT_NEAR(frame.cb(kPipX, kPipY), 90, 4);
  EXPECT_NEAR(frame.cr(kPipX, kPipY), 180, 4);
  EXPECT_EQ(frame.luma(200, 540), 100) << "the studio is untouched outside the box";
  EXPECT_TRUE(shows_caller_video(room, 7));
  EXPECT_FALSE(shows_caller_video(room, 8));
}

TEST_F(CallerVideoOnAir, ALostLinkShowsTheCardInTheSameTurnAndAConnectedOneTakesItAway) {
  feeds.add(7, FeedState::connected, 200, 90, 180);
  feeds.add(8, FeedState::connected, 60, 128, 128);
  feeds.on_state = [this](std::int64_t id, FeedState state) { follow_caller_feed(room, id, state); };
  on_air(take(7, "Nguyễn Thị Mai", CallerLayout::pip));

  feeds.set(8, FeedState::lost);  // a caller waiting, not on air
  EXPECT_FALSE(room.graphics().scene().caller_video.content.lost);

  [[maybe_unused]] const auto asked = std::chrono::steady_clock::now();
  feeds.set(7, FeedState::lost);
  EXPECT_TRUE(room.graphics().scene().caller_video.content.lost) << "asked for within the same call";
  const auto generation = room.graphics().current_scene().generation;
  ASSERT_TRUE(room.graphics().wait_published(generation, kRendered));
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 1s) << "the card is drawn well within a second";
#endif
  auto frame = on_air(generation);
  EXPECT_LT(frame.luma(kPipX, 175), 80) << "the dark card covers the frozen picture (above its text)";

  EXPECT_EQ(follow_caller_feed(room, 7, FeedState::lost), 0u) << "nothing to change";
  feeds.set(7, FeedState::connecting);  // the phone comes back: the card stays until media flows
  EXPECT_TRUE(room.graphics().scene().caller_video.content.lost);
  feeds.set(7, FeedState::connected);
  EXPECT_FALSE(room.graphics().scene().caller_video.content.lost);
  frame = on_air(room.graphics().current_scene().generation);
  EXPECT_NEAR(frame.luma(kPipX, kPipY), 200, 4);
}

TEST_F(CallerVideoOnAir, ALostCallerIsTakenWithTheCard) {
  feeds.add(7, FeedState::lost, 200, 90, 180);
  on_air(take(7, "Nguyễn Thị Mai", CallerLayout::side_by_side));
  EXPECT_TRUE(room.graphics().scene().caller_video.content.lost);
  EXPECT_EQ(room.graphics().scene().caller_video.content.layout, CallerLayout::side_by_side);
}

TEST_F(CallerVideoOnAir, APictureTakenDownIsLetGoButNotTheNextOne) {
  feeds.add(7, FeedState::connected, 200, 90, 180);
  feeds.add(8, FeedState::connected, 60, 160, 100);
  on_air(take(7, "Nguyễn Thị Mai", CallerLayout::pip));
  ASSERT_FALSE(feeds.calls[7].token.expired());

  auto scene = room.graphics().scene();
  EXPECT_FALSE(hide_caller_video(room, 8, scene)) << "not the caller on screen";
  EXPECT_TRUE(scene.caller_video.visible);
  ASSERT_TRUE(hide_caller_video(room, 7, scene));
  EXPECT_FALSE(scene.caller_video.visible);
  const auto generation = room.graphics().set_scene(scene);
  let_go_caller_video(room, generation);
  const auto deadline = std::chrono::steady_clock::now() + kRendered;
  while (!feeds.calls[7].token.expired() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(feeds.calls[7].token.expired()) << "the graphics hold the ended call's picture no longer";
  EXPECT_FALSE(shows_caller_video(room, 7));
  EXPECT_EQ(follow_caller_feed(room, 7, FeedState::lost), 0u) << "a caller off screen changes nothing";

  // A let-go asked for just before the next take never takes the next caller's picture.
  on_air(take(7, "Nguyễn Thị Mai", CallerLayout::pip));
  scene = room.graphics().scene();
  ASSERT_TRUE(hide_caller_video(room, 7, scene));
  let_go_caller_video(room, room.graphics().set_scene(scene));
  const auto frame = on_air(take(8, "Lê Văn Tám", CallerLayout::pip));
  std::this_thread::sleep_for(200ms);  // the let-go has run by now
  EXPECT_FALSE(feeds.calls[8].token.expired());
  EXPECT_NEAR(frame.luma(kPipX, kPipY), 60, 4);
  EXPECT_EQ(room.graphics().scene().caller_video.content.name, "Lê Văn Tám");
}

TEST(TestPictureFeeds, EveryCallerIsConnectedWithColourBars) {
  TestPictureFeeds feeds;
  EXPECT_EQ(feeds.state(42), FeedState::connected);
  const auto picture = feeds.picture(42)();
  ASSERT_TRUE(picture);
  EXPECT_EQ(picture->width, 1280);
  EXPECT_EQ(picture->height, 720);
  EXPECT_EQ(picture->y.front(), 180) << "75% white on the left";
  EXPECT_EQ(picture->y.back(), 35) << "blue on the right";
  EXPECT_EQ(picture->u.size(), 640u * 360u);
}

TEST(CallerLayouts, OnlyTheTwoLayoutsAreNames) {
  EXPECT_EQ(parse_caller_layout("pip"), CallerLayout::pip);
  EXPECT_EQ(parse_caller_layout("side_by_side"), CallerLayout::side_by_side);
  for (const char* bad : {"", "PIP", "side-by-side", "corner"}) EXPECT_FALSE(parse_caller_layout(bad)) << bad;
  EXPECT_TRUE(feed_can_go_on_air(FeedState::connected));
  EXPECT_TRUE(feed_can_go_on_air(FeedState::lost));
  EXPECT_FALSE(feed_can_go_on_air(FeedState::connecting));
  EXPECT_FALSE(feed_can_go_on_air(FeedState::none));
}

}  // namespace
}  // namespace votercast::web
