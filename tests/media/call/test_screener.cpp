// A screener's console sees and hears the waiting caller and talks back: the ScreenerLink
// against a stand-in console (a second webrtcbin) on 127.0.0.1.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>
#include <regex>
#include <stdexcept>
#include <thread>

#include "media/call/session_description.hpp"
#include "screening_pair.hpp"
#include "signal_checks.hpp"
#include "test_pictures.hpp"

namespace votercast::media::call::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kRate = 48000;
constexpr std::size_t kChunkFrames = kRate / 50;  // 20 ms

// The text of section index of sdp ("m=..." up to the next "m=").
std::string section(const std::string& sdp, int index) {
  std::size_t at = 0;
  for (int i = 0; i <= index; ++i) {
    at = sdp.find("\r\nm=", at);
    if (at == std::string::npos) return {};
    at += 2;
  }
  return sdp.substr(at, sdp.find("\r\nm=", at) - at + 2);
}

bool has_line(const std::string& text, const std::string& pattern) {
  return std::regex_search(text, std::regex("(^|\\r\\n)" + pattern + "\\r\\n", std::regex::icase));
}

// Sends the studio's side in real time on a thread of its own, 20 ms at a time: the caller's
// picture (a QR code of a counter, at 25 fps) and the caller's voice (a tone).
class StudioFeed {
 public:
  StudioFeed(ScreenerLink& link, double tone_hz, int width = 640, int height = 480) {
    thread_ = std::thread([this, &link, tone_hz, width, height] {
      std::vector<std::int16_t> chunk(kChunkFrames * 2);
      std::uint64_t sample = 0;
      long tick = 0;
      auto next = Clock::now();
      while (running_) {
        if (tick % 2 == 0) link.push_picture(qr_picture(width, height, tick / 2 + 1));
        for (std::size_t i = 0; i < kChunkFrames; ++i, ++sample) {
          const double phase = 2 * std::numbers::pi * tone_hz * static_cast<double>(sample) / kRate;
          chunk[2 * i] = chunk[2 * i + 1] = static_cast<std::int16_t>(0.3 * 32767 * std::sin(phase));
        }
        link.push_sound(chunk.data(), kChunkFrames);
        ++tick;
        next += 20ms;
        std::this_thread::sleep_until(next);
      }
    });
  }
  ~StudioFeed() {
    running_ = false;
    thread_.join();
  }

 private:
  std::atomic<bool> running_ = true;
  std::thread thread_;
};

template <typename Condition>
bool wait_until(Condition condition, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!condition() && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
  return condition();
}

TEST(Screener, TheOfferNamesBothStreamsAndComesBeforeTheCandidates) {
  ScreeningPair pair(loopback_screener("offer"), {}, /*answer=*/false);
  ASSERT_TRUE(pair.wait_for_offer(10s)) << pair.describe_states();
  ASSERT_TRUE(wait_until([&] { return pair.signals().size() > 1; }, 5s)) << "no candidate";
  EXPECT_EQ(pair.signals().front(), "offer") << "the offer before our first candidate";

  const std::string offer = *pair.offer();
  const std::string audio = section(offer, 0);
  const std::string video = section(offer, 1);
  ASSERT_TRUE(audio.starts_with("m=audio ")) << offer;
  ASSERT_TRUE(video.starts_with("m=video ")) << offer;
  EXPECT_TRUE(audio.starts_with("m=audio 9 UDP/TLS/RTP/SAVPF 111")) << audio;
  EXPECT_TRUE(has_line(audio, "a=sendrecv")) << audio;
  EXPECT_TRUE(has_line(audio, "a=rtpmap:111 opus/48000/2")) << audio;
  EXPECT_TRUE(has_line(audio, "a=fmtp:111 minptime=10;useinbandfec=1")) << audio;
  // Port 0 with a=bundle-only: webrtcbin's max-bundle offer (JSEP); Chromium takes it.
  EXPECT_TRUE(std::regex_search(video, std::regex("^m=video (0|9) UDP/TLS/RTP/SAVPF 96\r\n"))) << video;
  EXPECT_TRUE(has_line(video, "a=sendonly")) << video;
  EXPECT_TRUE(has_line(video, "a=rtpmap:96 VP8/90000")) << video;
  EXPECT_TRUE(has_line(video, "a=rtcp-fb:96 nack pli")) << video << ": the console asks for key frames";
  for (const std::string& part : {audio, video}) {
    // One SSRC per stream, named with its track, in a stream of both.
    std::smatch ssrc;
    ASSERT_TRUE(std::regex_search(part, ssrc, std::regex(R"(a=ssrc:(\d+) cname:\S+)"))) << part;
    EXPECT_TRUE(has_line(part, "a=ssrc:" + ssrc[1].str() + " msid:votercast-caller caller-(voice|picture)")) << part;
    EXPECT_TRUE(has_line(part, "a=msid:votercast-caller caller-(voice|picture)")) << part;
    EXPECT_TRUE(has_line(part, "a=mid:\\S+")) << part;
  }
  EXPECT_TRUE(has_line(offer, "a=group:BUNDLE \\S+ \\S+")) << offer;
  EXPECT_EQ(pair.link().state(), CallState::connecting);
}

TEST(Screener, RefusesWhatIsNotAnAnswerAndASecondAnswer) {
  {
    ScreeningPair pair(loopback_screener("answers"), {}, /*answer=*/false);
    ASSERT_TRUE(pair.wait_for_offer(10s));
    EXPECT_THROW(pair.link().accept_answer("hello"), std::invalid_argument);
    EXPECT_THROW(pair.link().accept_answer("v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                                           "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 OPUS/48000/2\r\n"),
                 std::invalid_argument)
        << "one section where we offered two";
    EXPECT_THROW(pair.link().accept_answer("v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                                           "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n"
                                           "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 OPUS/48000/2\r\n"),
                 std::invalid_argument)
        << "our sections in another order";
    EXPECT_EQ(pair.link().state(), CallState::connecting) << "a refused answer changes nothing";
  }
  ScreeningPair pair(loopback_screener("answers"), {});
  ASSERT_TRUE(pair.wait_for_state(CallState::connected, 20s)) << pair.describe_states() << pair.console().error();
  std::string again = *pair.offer();
  again.replace(again.find("a=sendonly"), 10, "a=recvonly");
  EXPECT_THROW(pair.link().accept_answer(again), std::logic_error) << "renegotiation is not supported";
  EXPECT_EQ(pair.link().state(), CallState::connected);
}

TEST(Screener, TheCallersPictureReachesTheConsoleSmall) {
  ScreeningPair pair(loopback_screener("picture"), {.read_qr_codes = true});
  ASSERT_TRUE(pair.wait_for_state(CallState::connected, 20s)) << pair.describe_states() << pair.console().error();
  {
    StudioFeed studio(pair.link(), 1000.0);
    ASSERT_TRUE(wait_until([&] { return pair.console().read_pictures().size() >= 10; }, 20s))
        << pair.console().pictures() << " pictures, " << pair.console().read_pictures().size() << " QR codes read; "
        << pair.console().error();
  }
  const auto picture = pair.console().latest_picture();
  ASSERT_NE(picture, nullptr);
  EXPECT_EQ(picture->width, 480);
  EXPECT_EQ(picture->height, 270);
  const auto read = pair.console().read_pictures();
  EXPECT_GT(read.back().number, read.front().number) << "the pictures move on";
  const ScreenerStats stats = pair.link().stats();
  EXPECT_GE(stats.pictures_sent, 10u);
  // Chromium drops RTP whose SSRC the offer did not name: both streams came with theirs.
  const std::string offer = *pair.offer();
  const auto ssrcs = pair.console().ssrcs_received();
  EXPECT_EQ(ssrcs.size(), 2u) << "the picture and the voice";
  for (const std::uint32_t ssrc : ssrcs) {
    EXPECT_NE(offer.find("a=ssrc:" + std::to_string(ssrc) + " cname:"), std::string::npos) << ssrc << " in " << offer;
  }
  EXPECT_EQ(stats.state, CallState::connected);

  // Another size (a caller whose phone turned): the console still gets 480x270.
  const std::uint64_t before = pair.console().pictures();
  {
    StudioFeed studio(pair.link(), 1000.0, 360, 640);
    ASSERT_TRUE(wait_until([&] { return pair.console().pictures() >= before + 10; }, 20s));
  }
  EXPECT_EQ(pair.console().latest_picture()->width, 480);
  EXPECT_EQ(pair.console().latest_picture()->height, 270);
  const auto turned = pair.console().latest_picture();
  EXPECT_TRUE(qr_frame_number(*turned).has_value()) << "letterboxed, the code still reads";
}

// A caller's phone sends 25 or 30 pictures a second; the screener's console gets at most
// max_fps of them (15 by default), evenly: every picture that goes costs encoding.
TEST(Screener, ThePictureRateIsCappedAtMaxFps) {
  ScreeningPair pair(loopback_screener("rate"), {});
  ASSERT_TRUE(pair.wait_for_state(CallState::connected, 20s)) << pair.describe_states() << pair.console().error();
  constexpr int kOffered = 50;  // two seconds at 25 a second
  const auto first = Clock::now();
  auto next = first;
  for (int i = 0; i < kOffered; ++i) {
    pair.link().push_picture(qr_picture(640, 480, i + 1));
    next += 40ms;
    std::this_thread::sleep_until(next);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - first).count();
  std::this_thread::sleep_for(300ms);  // the last one through the encoder's input
  const std::uint64_t sent = pair.link().stats().pictures_sent;
  // A loaded machine pushes late and sends fewer, never more: the bound is of the time taken.
  EXPECT_LE(static_cast<double>(sent), 15.0 * seconds + 1.0) << "in " << seconds << " s";
  EXPECT_GE(sent, 10u) << "pictures still go";
  EXPECT_LT(sent, static_cast<std::uint64_t>(kOffered));
}

// A browser that cannot decode (a lost packet, a late join) sends a PLI; the next picture
// is then a key frame, not one up to two seconds later.
TEST(Screener, AKeyFrameFollowsTheConsolesRequest) {
  ScreeningPair pair(loopback_screener("key"), {});
  ASSERT_TRUE(pair.wait_for_state(CallState::connected, 20s)) << pair.describe_states() << pair.console().error();
  StudioFeed studio(pair.link(), 1000.0);
  // Ask 15 frames after a key frame: the next periodic one is 50 frames after it.
  const auto since_key = [&] {
    const auto keys = pair.console().key_frames();
    return keys.empty() ? 0 : pair.console().frames_received() - keys.back();
  };
  ASSERT_TRUE(wait_until([&] { return since_key() >= 15; }, 20s)) << pair.console().frames_received() << " frames";
  const std::uint64_t asked_at = pair.console().frames_received();
  const std::uint64_t last_key = pair.console().key_frames().back();
  pair.console().request_key_frame();
  // The periodic key frame is 35 or more frames away; the answer to the request comes
  // within a few frames, or some more on a machine loaded down (a sanitizer build beside a
  // compiler took 11): 25 tells the two apart without timing the machine.
  ASSERT_TRUE(wait_until([&] { return pair.console().frames_received() >= asked_at + 25; }, 20s));
  const auto keys = pair.console().key_frames();
  const auto answered = std::find_if(keys.begin(), keys.end(), [&](std::uint64_t key) { return key > asked_at; });
  ASSERT_TRUE(answered != keys.end()) << "no key frame in the 25 frames after the request";
  EXPECT_LE(*answered, asked_at + 25) << "asked at frame " << asked_at;
  EXPECT_LT(*answered, last_key + 50) << "not the periodic one";
}

TEST(Screener, TheConsoleHearsTheCaller) {
  ScreeningPair pair(loopback_screener("voice"), {.tone_hz = 600.0});
  ASSERT_TRUE(pair.wait_for_state(CallState::connected, 20s)) << pair.describe_states() << pair.console().error();
  std::vector<std::int16_t> received;
  {
    StudioFeed studio(pair.link(), 1000.0);
    ASSERT_TRUE(wait_until(
        [&] {
          received = pair.console().received_audio();
          return received.size() >= static_cast<std::size_t>(kRate);
        },
        20s))
        << "the console got too little sound; " << pair.console().error();
  }
  const auto last = std::span(received).last(kRate / 2);
  EXPECT_GT(rms_dbfs(last), -30.0);
  const double tone = tone_power(last, kRate, 1000);
  EXPECT_GT(tone, 50 * tone_power(last, kRate, 600)) << "the caller's 1 kHz, not the console's own 600 Hz";
  EXPECT_GT(tone, 50 * tone_power(last, kRate, 440));
  EXPECT_GE(pair.link().stats().sound_frames_sent, static_cast<std::uint64_t>(kRate));
}

TEST(Screener, TheScreenersTalkBackComesOut) {
  ScreeningPair pair(loopback_screener("talkback"), {.tone_hz = 600.0});
  ASSERT_TRUE(pair.wait_for_state(CallState::connected, 20s)) << pair.describe_states() << pair.console().error();
  ASSERT_TRUE(wait_until([&] { return pair.link().stats().talkback_frames_received > 0; }, 10s));
  // Pulled at the programme's pace; the last second counts (the FIFO primes first).
  std::vector<std::int16_t> left;
  std::vector<std::int16_t> chunk(kChunkFrames * 2);
  auto next = Clock::now();
  for (int i = 0; i < 75; ++i) {
    pair.link().pull_talkback(chunk);
    const auto chunk_left = left_channel(chunk);
    left.insert(left.end(), chunk_left.begin(), chunk_left.end());
    next += 20ms;
    std::this_thread::sleep_until(next);
  }
  const auto last = std::span(left).last(kRate);
  EXPECT_GT(rms_dbfs(last), -30.0) << "the console's tone is -13.5 dBFS";
  const double tone = tone_power(last, kRate, 600);
  EXPECT_GT(tone, 50 * tone_power(last, kRate, 1000));
  EXPECT_GT(tone, 50 * tone_power(last, kRate, 440));
  const ScreenerStats stats = pair.link().stats();
  EXPECT_GT(stats.talkback_level.rms_db, -30.0);
  EXPECT_GT(stats.talkback_frames_received, static_cast<std::uint64_t>(kRate));

  // Pulling never waits, and gives silence where there is none.
  std::vector<std::int16_t> big(kRate * 2, 1);
  const auto before = Clock::now();
  pair.link().pull_talkback(big);
  EXPECT_LT(Clock::now() - before, 50ms);
}

TEST(Screener, AConsoleThatVanishesIsLostInAboutTwoSeconds) {
  ScreeningPair pair(loopback_screener("vanish"), {});
  ASSERT_TRUE(pair.wait_for_state(CallState::connected, 20s)) << pair.describe_states() << pair.console().error();
  StudioFeed studio(pair.link(), 1000.0);
  std::this_thread::sleep_for(500ms);
  const auto gone = Clock::now();
  pair.console().stop();
  ASSERT_TRUE(pair.wait_for_state(CallState::lost, 10s, gone)) << pair.describe_states();
  const auto after = *pair.reported_at(CallState::lost, gone) - gone;
  EXPECT_GT(after, 1500ms);
  EXPECT_LT(after, 3500ms) << std::chrono::duration_cast<std::chrono::milliseconds>(after).count() << " ms";
}

TEST(Screener, CloseReportsClosedAndNothingComesAfterTheLinkIsGone) {
  std::atomic<int> callbacks = 0;
  StateLog states;
  ScreenerLink::Callbacks counting;
  counting.on_local_description = [&](const std::string&, const std::string&) { ++callbacks; };
  counting.on_ice_candidate = [&](unsigned, const std::string&) { ++callbacks; };
  counting.on_state = [&](CallState state, const std::string& reason) {
    ++callbacks;
    states.record(state, reason);
  };
  auto link = std::make_unique<ScreenerLink>(loopback_screener("close"), counting);
  ASSERT_TRUE(wait_until([&] { return callbacks > 1; }, 10s)) << "the offer and a candidate";
  link->close();
  EXPECT_EQ(link->state(), CallState::closed);
  ASSERT_TRUE(states.wait_for(CallState::closed, 5s)) << states.describe();
  // Everything else is now a no-op or refused, and the state stays closed.
  link->push_picture(qr_picture(640, 480, 1));
  const std::vector<std::int16_t> silence(kChunkFrames * 2);
  link->push_sound(silence.data(), kChunkFrames);
  link->add_ice_candidate(0, "candidate:1 1 UDP 2122252543 127.0.0.1 40000 typ host");
  EXPECT_THROW(link->accept_answer("v=0\r\nm=audio 9 RTP/AVP 111\r\nm=video 9 RTP/AVP 96\r\n"), std::logic_error);
  link->close();  // twice is fine
  EXPECT_EQ(link->stats().pictures_sent, 0u);
  link.reset();
  const int at_destruction = callbacks;
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(callbacks, at_destruction);
}

TEST(Screener, ALinkGoesAtAnyMomentAndDropsWhatComesBeforeTheAnswer) {
  {
    // Never answered: pictures and sound go nowhere, without a crash.
    ScreeningPair pair(loopback_screener("early"), {}, /*answer=*/false);
    for (long i = 0; i < 10; ++i) {
      pair.link().push_picture(qr_picture(640, 480, i + 1));
      const std::vector<std::int16_t> silence(kChunkFrames * 2);
      pair.link().push_sound(silence.data(), kChunkFrames);
      std::this_thread::sleep_for(20ms);
    }
    pair.link().push_picture(nullptr);
    const ScreenerStats stats = pair.link().stats();
    EXPECT_EQ(stats.pictures_sent, 0u);
    EXPECT_EQ(stats.sound_frames_sent, 0u);
  }
  // Destroyed 0, 50, 150 and 400 ms in: while offering, answering, checking, flowing.
  for (const auto after : {0ms, 50ms, 150ms, 400ms}) {
    ScreeningPair pair(loopback_screener("brief"), {});
    StudioFeed studio(pair.link(), 1000.0);
    std::this_thread::sleep_for(after);
  }
}

}  // namespace
}  // namespace votercast::media::call::test
