// The studio answering a caller's phone (issue 15): a second webrtcbin plays the phone
// (tests/media/call/test_caller.*), its messages carried as CallLines would carry them,
// the studio's replies and the links' callbacks passing through a stand-in io thread.
// The answer and our candidates come back, pictures reach picture(), the state goes
// connecting -> connected -> none on "bye", and a vanished phone is lost, then ended.
#include <gtest/gtest.h>

#include <condition_variable>
#include <cmath>
#include <ctime>
#include <deque>
#include <filesystem>
#include <numbers>
#include <set>
#include <thread>

#include "media/call/signal_checks.hpp"
#include "media/call/test_caller.hpp"
#include "integration/child_process.hpp"
#include "web/config/call_ice_servers.hpp"
#include "web/live/studio_signalling.hpp"
#include "web_unit/studio_phone.hpp"

namespace votercast::web {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using call_test::Phone;
using call_test::TestIo;

StudioSignalling::Options loopback(int max_calls = 8) {
  StudioSignalling::Options options;
  options.link.local_addresses = {"127.0.0.1"};
  options.max_calls = max_calls;
  options.orphan_grace = 300ms;
  return options;
}

struct StudioSignallingTest : ::testing::Test {
  TestIo io;  // before the studio: what its links post outlives it unrun
  std::unique_ptr<StudioSignalling> studio;
  std::vector<std::pair<std::int64_t, FeedState>> states;

  void start(StudioSignalling::Options options = loopback()) {
    studio = std::make_unique<StudioSignalling>(std::move(options), [this](std::function<void()> fn) { io.post(std::move(fn)); });
    studio->on_state = [this](std::int64_t id, FeedState state) { states.emplace_back(id, state); };
  }
  void TearDown() override {
    if (studio) studio->stop();
  }
  bool reached(std::int64_t id, FeedState state, std::chrono::milliseconds timeout) {
    return io.pump_until([&] { return studio->state(id) == state; }, timeout);
  }
  std::vector<FeedState> states_of(std::int64_t id) const {
    std::vector<FeedState> out;
    for (const auto& [who, state] : states)
      if (who == id) out.push_back(state);
    return out;
  }
};

// The picture as the graphics get it, read as the call tests read a CallerFrame.
std::optional<long> qr_number(const media::CallerPicture& picture) {
  media::call::CallerFrame frame;
  frame.width = picture.width;
  frame.height = picture.height;
  const std::uint8_t* planes[3] = {picture.y.data(), picture.u.data(), picture.v.data()};
  for (int i = 0; i < 3; ++i) frame.planes[i] = planes[i];
  frame.strides[0] = picture.width;
  frame.strides[1] = frame.strides[2] = (picture.width + 1) / 2;
  return media::call::test::qr_frame_number(frame);
}

TEST_F(StudioSignallingTest, AnswersTricklesShowsThePictureAndEndsOnBye) {
  start();
  Phone phone(io, *studio, 7);
  phone.connect();
  const auto source = studio->picture(7);  // taken before the call: it follows the caller's link
  EXPECT_EQ(source(), nullptr);
  phone.caller->start();
  ASSERT_TRUE(reached(7, FeedState::connected, 20s)) << phone.caller->error();

  ASSERT_FALSE(phone.received.empty());
  EXPECT_EQ(phone.received.front()["type"], "answer") << "the answer before any candidate";
  EXPECT_NE(phone.received.front()["sdp"].get<std::string>().find("VP8"), std::string::npos);
  ASSERT_TRUE(phone.got("ice"));
  for (const auto& m : phone.received) {
    if (m["type"] != "ice") continue;
    EXPECT_NE(m["candidate"].get<std::string>().find("127.0.0.1"), std::string::npos) << m.dump();
    EXPECT_TRUE(m["sdpMLineIndex"].is_number_unsigned());
  }

  // Pictures arrive, packed, and only a new frame makes a new picture.
  std::shared_ptr<const media::CallerPicture> first;
  ASSERT_TRUE(io.pump_until([&] { return (first = source()) != nullptr; }, 20s));
  EXPECT_EQ(first->width, 1280);
  EXPECT_EQ(first->height, 720);
  EXPECT_EQ(first->y.size(), 1280u * 720u);
  EXPECT_EQ(first->u.size(), 640u * 360u);
  std::set<const media::CallerPicture*> distinct;
  for (int i = 0; i < 200; ++i) distinct.insert(source().get());
  EXPECT_LE(distinct.size(), 3u) << "a repeat is handed out again, not copied again";

  std::vector<long> numbers;
  std::uint64_t last = 0;
  const auto deadline = Clock::now() + 20s;
  while (numbers.size() < 3 && Clock::now() < deadline) {
    io.pump_for(150ms);
    const auto picture = source();
    if (picture->number == last) continue;
    EXPECT_GT(picture->number, last);
    last = picture->number;
    if (auto n = qr_number(*picture)) numbers.push_back(*n);
  }
  ASSERT_GE(numbers.size(), 2u) << "zbar read too few QR codes off the pictures";
  for (std::size_t i = 1; i < numbers.size(); ++i) EXPECT_GT(numbers[i], numbers[i - 1]);

  const auto report = studio->report(7);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->state, FeedState::connected);
  EXPECT_TRUE(report->phone_connected);
  ASSERT_TRUE(report->stats);
  EXPECT_EQ(report->stats->video_codec, "VP8");
  EXPECT_GT(report->stats->frames_received, 0u);
  EXPECT_GT(report->stats->bytes_received, 0u);

  studio->caller_message(7, {{"type", "bye"}});
  EXPECT_EQ(studio->state(7), FeedState::none);
  EXPECT_FALSE(studio->report(7));
  EXPECT_EQ(studio->links(), 0u);
  // connecting, connected (a starved machine may flap to lost and back), none.
  const auto seen = states_of(7);
  ASSERT_GE(seen.size(), 3u);
  EXPECT_EQ(seen.front(), FeedState::connecting);
  EXPECT_EQ(seen[1], FeedState::connected);
  EXPECT_EQ(seen.back(), FeedState::none);
  // The link is gone: its last picture stays.
  const auto kept = source();
  ASSERT_NE(kept, nullptr);
  io.pump_for(300ms);
  EXPECT_EQ(source(), kept);
  EXPECT_EQ(studio->picture(7)(), kept);
}

// The caller on air: the programme's sound (here 440 Hz, 20 ms at a time as the house
// audio clock hands it over) goes through sound(); the caller's voice (the phone's 1 kHz)
// comes out mixed in, and the phone hears the programme without its own voice.
TEST_F(StudioSignallingTest, TheCallersVoiceGoesOnAirAndTheyHearTheProgrammeWithoutIt) {
  start();
  Phone phone(io, *studio, 9);
  phone.connect();
  const media::SoundInsert sound = studio->sound(9);
  phone.caller->start();
  ASSERT_TRUE(reached(9, FeedState::connected, 20s)) << phone.caller->error();

  constexpr std::size_t kChunk = 48000 / 50;
  std::vector<std::int16_t> chunk(kChunk * 2), on_air;
  std::uint64_t sample = 0;
  auto next = Clock::now();
  for (int i = 0; i < 150; ++i) {  // 3 s
    for (std::size_t f = 0; f < kChunk; ++f, ++sample)
      chunk[2 * f] = chunk[2 * f + 1] =
          static_cast<std::int16_t>(0.3 * 32767 * std::sin(2 * std::numbers::pi * 440.0 * sample / 48000.0));
    sound(chunk);
    if (i >= 100) on_air.insert(on_air.end(), chunk.begin(), chunk.end());  // the last second
    io.pump_until([] { return false; }, std::chrono::duration_cast<std::chrono::milliseconds>(next + 20ms - Clock::now()));
    next += 20ms;
  }
  using media::call::test::tone_power;
  const auto programme = media::call::test::left_channel(on_air);
  EXPECT_GT(tone_power(programme, 48000, 1000), 1e-3) << "the caller's voice is on air";
  EXPECT_GT(tone_power(programme, 48000, 440), 1e-2) << "the programme's own sound stays";

  const auto heard = phone.caller->received_audio();
  ASSERT_GE(heard.size(), 48000u) << "return audio reached the phone";
  const auto last = std::span(heard).last(48000);
  const double programme_tone = tone_power(last, 48000, 440);
  EXPECT_GT(programme_tone, 1e-3) << "the caller hears the programme";
  EXPECT_LT(tone_power(last, 48000, 1000), programme_tone / 100) << "but not their own voice (mix-minus)";
}

// Debian's coturn with a shared secret (use-auth-secret), on 127.0.0.1: the studio's link
// may use its relay only, so the call connects only if the call's own credentials
// (call_ice_servers.hpp) are what coturn computes; with another secret it cannot.
class TurnServer {
 public:
  explicit TurnServer(const std::string& secret) : dir_(make_dir()), port_(test::free_local_port()) {
    process_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{"/usr/bin/turnserver", "-n", "--listening-ip=127.0.0.1",
                                 "--listening-port=" + std::to_string(port_), "--relay-ip=127.0.0.1",
                                 "--min-port=49300", "--max-port=49400", "--use-auth-secret",
                                 "--static-auth-secret=" + secret, "--realm=votercast.test", "--allow-loopback-peers",
                                 "--no-cli", "--no-tls", "--no-dtls", "--log-file=stdout", "--simple-log", "--verbose",
                                 "--userdb=" + dir_ + "/turndb", "--pidfile=" + dir_ + "/turn.pid"},
        dir_ + "/turnserver.log");
  }
  ~TurnServer() {
    process_.reset();
    std::filesystem::remove_all(dir_);
  }
  bool ready() { return process_->wait_for_log("Total General servers", 10s); }
  std::string log() const { return process_->log(); }
  std::string address() const { return "turn://127.0.0.1:" + std::to_string(port_); }

 private:
  static std::string make_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "votercast-turn-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp");
    return pattern;
  }
  std::string dir_;
  unsigned short port_;
  std::unique_ptr<test::ChildProcess> process_;
};

TEST_F(StudioSignallingTest, ConnectsThroughARealTurnRelayWithTheCallsOwnCredentials) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/turnserver")) << "coturn is not installed: scripts/install-deps test";
  TurnServer turn("bi-mat-chung-voi-coturn");
  ASSERT_TRUE(turn.ready()) << turn.log();
  const auto relayed = [&](const std::string& secret) {
    CallSettings calls;
    calls.turn_server = turn.address();
    calls.turn_secret = secret;
    auto options = loopback();
    options.link.relay_only = true;
    options.turn_server_for = [calls](std::int64_t id) { return studio_turn_server(calls, id, std::time(nullptr)); };
    return options;
  };

  start(relayed("bi-mat-chung-voi-coturn"));
  {
    Phone phone(io, *studio, 7);
    phone.connect();
    phone.caller->start();
    ASSERT_TRUE(reached(7, FeedState::connected, 20s)) << phone.caller->error() << turn.log();
    for (const auto& m : phone.received) {
      if (m["type"] == "ice" && !m["candidate"].get<std::string>().empty()) {
        EXPECT_NE(m["candidate"].get<std::string>().find("typ relay"), std::string::npos) << "relay only: " << m.dump();
      }
    }
    EXPECT_NE(turn.log().find(":studio-7>: incoming packet ALLOCATE processed, success"), std::string::npos)
        << turn.log();
    studio->caller_message(7, {{"type", "bye"}});
  }
  studio->stop();

  // Credentials made with another secret: coturn refuses them, and there is no other way.
  start(relayed("mot-bi-mat-khac-hoan-toan"));
  Phone phone(io, *studio, 8);
  phone.connect();
  phone.caller->start();
  EXPECT_FALSE(reached(8, FeedState::connected, 6s)) << "connected without the relay";
  EXPECT_NE(turn.log().find(":studio-8>: incoming packet message processed, error 401"), std::string::npos)
      << turn.log();
}

TEST_F(StudioSignallingTest, AVanishedPhoneIsLostThenEndedWhenItDoesNotComeBack) {
  start();
  Phone phone(io, *studio, 3);
  phone.connect();
  phone.caller->start();
  ASSERT_TRUE(reached(3, FeedState::connected, 20s)) << phone.caller->error();
  // The browser is killed: its socket closes and its media stops, with no goodbye.
  studio->caller_disconnected(3);
  EXPECT_EQ(studio->state(3), FeedState::connected) << "a socket is not the call";
  const auto gone = Clock::now();
  phone.caller->stop();
  ASSERT_TRUE(reached(3, FeedState::lost, 5s));
  EXPECT_LT(Clock::now() - gone, 1500ms);
  ASSERT_TRUE(io.pump_until(
      [&] {
        studio->sweep();
        return studio->state(3) == FeedState::none;
      },
      5s));
  EXPECT_EQ(studio->links(), 0u);
  EXPECT_EQ(states_of(3).back(), FeedState::none);
}

TEST_F(StudioSignallingTest, ABadOfferIsAnsweredWithAnErrorNeverACrash) {
  start();
  std::vector<nlohmann::json> sent;
  studio->caller_connected(5, [&](std::string text) {
    sent.push_back(nlohmann::json::parse(text));
    return true;
  });
  studio->caller_message(5, {{"type", "offer"}, {"sdp", 42}});
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent.back()["code"], "bad_offer");
  EXPECT_EQ(studio->state(5), FeedState::none);

  studio->caller_message(5, {{"type", "offer"}, {"sdp", "bonjour"}});
  EXPECT_EQ(studio->state(5), FeedState::connecting);
  ASSERT_TRUE(io.pump_until([&] { return studio->state(5) == FeedState::none; }, 10s));
  EXPECT_EQ(sent.back()["type"], "error");
  EXPECT_EQ(sent.back()["code"], "bad_offer");
  EXPECT_FALSE(sent.back()["message"].get<std::string>().empty());

  studio->caller_message(5, {{"type", "offer"}, {"sdp", "bonjour"}});
  EXPECT_EQ(sent.back()["code"], "offer_again") << "one offer per socket";
  studio->caller_message(5, {{"type", "ice"}, {"candidate", 7}});
  EXPECT_EQ(sent.back()["code"], "bad_message");
  studio->caller_message(5, {{"type", "ice"}, {"candidate", "candidate:1 1 UDP 1 127.0.0.1 9 typ host"}, {"sdpMLineIndex", -1}});
  EXPECT_EQ(sent.back()["code"], "bad_message");
  studio->caller_message(5, {{"type", "answer"}, {"sdp", "v=0"}});
  EXPECT_EQ(sent.back()["code"], "unexpected_answer");
  EXPECT_EQ(studio->links(), 0u);
}

TEST_F(StudioSignallingTest, TheLinesFillUpAndAGonePhoneMakesRoom) {
  start(loopback(1));
  Phone first(io, *studio, 1);
  first.connect();
  first.caller->start();
  ASSERT_TRUE(reached(1, FeedState::connected, 20s)) << first.caller->error();

  std::vector<nlohmann::json> sent;
  auto send = [&](std::string text) {
    sent.push_back(nlohmann::json::parse(text));
    return true;
  };
  studio->caller_connected(2, send);
  studio->caller_message(2, {{"type", "offer"}, {"sdp", "v=0"}});
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back()["code"], "calls_full");
  EXPECT_EQ(studio->state(2), FeedState::none);

  // The first phone's socket closes: its link, media still flowing, gives way to a new offer.
  studio->caller_disconnected(1);
  studio->caller_connected(2, send);
  studio->caller_message(2, {{"type", "offer"}, {"sdp", "v=0"}});
  EXPECT_EQ(studio->state(1), FeedState::none);
  EXPECT_EQ(studio->state(2), FeedState::connecting);
  EXPECT_EQ(studio->links(), 1u);

  // The studio ends the second call: its link goes at once.
  studio->call_over(2);
  EXPECT_EQ(studio->state(2), FeedState::none);
  EXPECT_EQ(studio->links(), 0u);
}

TEST(PackedPicture, StridesAreDropped) {
  std::vector<std::uint8_t> y(8 * 3, 0), u(8 * 2, 0), v(8 * 2, 0);
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 5; ++col) y[row * 8 + col] = static_cast<std::uint8_t>(10 * row + col);
  u[8] = 77, v[9] = 99;
  media::call::CallerFrame frame;
  frame.width = 5, frame.height = 3;
  frame.planes[0] = y.data(), frame.planes[1] = u.data(), frame.planes[2] = v.data();
  frame.strides[0] = 8, frame.strides[1] = frame.strides[2] = 8;
  const auto picture = packed_picture(frame);
  EXPECT_EQ(picture->width, 5);
  ASSERT_EQ(picture->y.size(), 15u);
  EXPECT_EQ(picture->y[5], 10);
  EXPECT_EQ(picture->y[14], 24);
  ASSERT_EQ(picture->u.size(), 6u);  // 3 x 2
  EXPECT_EQ(picture->u[3], 77);
  EXPECT_EQ(picture->v[4], 99);
}

}  // namespace
}  // namespace votercast::web
