// A video caller taken to air through the server (issue 15): one transition puts their
// picture and their lower third up together, ending the call takes both down, the next
// caller's picture replaces the last one, and bad requests change nothing. The server runs
// with [calls] test_picture, its own CallerFeeds that gives every caller colour bars: the
// real binary cannot be handed a call from here (the WebRTC side is another branch's), and
// that feed is what a station rehearses with.
#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <thread>

#include "live_server.hpp"
#include "png_image.hpp"

namespace votercast::test {
namespace {

using namespace std::chrono_literals;

class CallerOnAir : public LiveServer {
 protected:
  void SetUp() override {
    std::ofstream(settings_path) << calls_settings();
    start({"--config", settings_path});
  }
  void restart_after_kill9() {
    server->kill9();
    start({"--config", settings_path});
  }
  const std::string settings_path = dir.file("calls.json");
  virtual std::string calls_settings() const { return R"({"calls": {"test_picture": true}})"; }

  nlohmann::json log_call(HttpClient& c, const std::string& name, const std::string& area) {
    const auto r = c.post("/api/callers", {{"name", name}, {"area", area}, {"topic", "Giao thông"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  HttpResult move_raw(HttpClient& c, const nlohmann::json& caller, const std::string& to,
                      nlohmann::json extra = nlohmann::json::object()) {
    extra["to"] = to;
    extra["version"] = caller["version"];
    return c.post("/api/callers/" + std::to_string(caller["id"].get<std::int64_t>()) + "/transition", extra);
  }
  nlohmann::json move(HttpClient& c, const nlohmann::json& caller, const std::string& to,
                      nlohmann::json extra = nlohmann::json::object()) {
    const auto r = move_raw(c, caller, to, std::move(extra));
    EXPECT_EQ(r.status, 200) << to << ": " << r.body;
    return r.json();
  }
  // A caller the screener has put next.
  nlohmann::json ready(HttpClient& screener, const std::string& name, const std::string& area) {
    auto c = log_call(screener, name, area);
    c = move(screener, c, "screened");
    return move(screener, c, "next");
  }
  nlohmann::json scene(HttpClient& c) {
    const auto r = c.get("/api/program/scene");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
};

TEST_F(CallerOnAir, OneTransitionPutsThePictureAndTheLowerThirdUpTogether) {
  auto screener = staff("trucdt", "screener");
  auto producer = staff("sanxuat", "producer");
  auto mai = ready(*screener, "Nguyễn Thị Mai", "Phường Dĩ An");

  mai = move(*producer, mai, "on_air", {{"layout", "side_by_side"}});
  ASSERT_TRUE(mai["scene_generation"].is_number()) << mai.dump();
  const auto now = scene(*producer);
  EXPECT_EQ(now["generation"], mai["scene_generation"]) << "one action, one scene change: both go up on the same frame";
  const auto& video = now["scene"]["caller_video"];
  EXPECT_EQ(video["visible"], true);
  EXPECT_EQ(video["name"], "Nguyễn Thị Mai");
  EXPECT_EQ(video["layout"], "side_by_side");
  EXPECT_EQ(video["lost"], false);
  EXPECT_EQ(video["transition"]["type"], "cut") << "a take is a cut";
  const auto& lower_third = now["scene"]["lower_third"];
  EXPECT_EQ(lower_third["visible"], true);
  EXPECT_EQ(lower_third["name"], "Nguyễn Thị Mai");
  EXPECT_EQ(lower_third["area"], "Phường Dĩ An");

  // The change is in the audit trail, under the caller's picture, and reaches every control room.
  WsClient ws(server->port(), "/ws?since=0", producer.get());
  ASSERT_TRUE(ws.connected()) << ws.error();
  bool logged = false;
  while (auto frame = ws.next(std::chrono::milliseconds(1500)))
    if ((*frame)["type"] == "program.scene" && (*frame)["actor"] == "sanxuat")
      logged = (*frame)["layer"] == "caller_video" && (*frame)["scene"]["caller_video"]["visible"] == true;
  EXPECT_TRUE(logged) << "no program.scene event for the caller's picture";

  // A name corrected on air is corrected on the picture's tag too.
  const auto path = "/api/callers/" + std::to_string(mai["id"].get<std::int64_t>());
  const auto renamed =
      producer->request("PATCH", path, nlohmann::json{{"version", mai["version"]}, {"name", "Nguyễn Thị Mai Anh"}}.dump());
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  mai = renamed.json();
  EXPECT_EQ(scene(*producer)["scene"]["caller_video"]["name"], "Nguyễn Thị Mai Anh");

  // Ending the call takes both down, in one change again.
  mai = move(*producer, mai, "done");
  const auto after = scene(*producer);
  EXPECT_EQ(after["generation"], mai["scene_generation"]);
  EXPECT_EQ(after["scene"]["caller_video"]["visible"], false);
  EXPECT_EQ(after["scene"]["lower_third"]["visible"], false);
}

// Screening a caller draws their picture's frame and tag and their lower third ahead, so
// that the take finds both ready: a cut at the next frame, no render in between.
TEST_F(CallerOnAir, AScreenedCallersPictureIsDrawnAheadSoTheTakeIsACut) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  const auto prepared = [&] { return op->get("/api/program/health").json()["graphics"]["prepared"]; };
  const auto until = [&](const char* field, std::int64_t at_least) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    auto p = prepared();
    while (p[field].get<std::int64_t>() < at_least && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
      p = prepared();
    }
    return p[field].get<std::int64_t>();
  };
  const auto takes_before = prepared()["takes"].get<std::int64_t>();
  auto mai = ready(*screener, "Nguyễn Thị Mai", "Phường Dĩ An");
  EXPECT_GE(until("renders", 2), 2) << "the lower third and the caller's picture layer";
  move(*op, mai, "on_air");
  EXPECT_GE(until("takes", takes_before + 2), takes_before + 2) << "both taken as drawn ahead";
}

TEST_F(CallerOnAir, BadLayoutsAndOptionsAreRefusedAndChangeNothing) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  auto mai = ready(*screener, "Nguyễn Thị Mai", "Phường Dĩ An");
  const auto before = scene(*op);
  for (const auto& bad : {nlohmann::json("corner"), nlohmann::json(""), nlohmann::json(2), nlohmann::json(nullptr),
                          nlohmann::json("PIP")}) {
    const auto r = move_raw(*op, mai, "on_air", {{"layout", bad}});
    expect_error(r, 400, "bad_layout");
  }
  expect_error(move_raw(*op, mai, "on_air", {{"video", "có"}}), 400, "bad_video");
  EXPECT_EQ(scene(*op), before) << "a refusal changes nothing";
  EXPECT_EQ(op->get("/api/callers/" + std::to_string(mai["id"].get<std::int64_t>())).json()["state"], "next");
}

TEST_F(CallerOnAir, TheNextCallersPictureReplacesTheLastAndVoiceOnlyLeavesThePictureDown) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  auto first = ready(*screener, "Nguyễn Thị Mai", "Phường Dĩ An");
  auto second = ready(*screener, "Lê Văn Tám", "Xã An Bình");
  auto third = ready(*screener, "Phạm Thu", "Xã Tân Uyên");

  first = move(*op, first, "on_air");
  EXPECT_EQ(scene(*op)["scene"]["caller_video"]["layout"], "pip") << "the default layout";
  first = move(*op, first, "dropped");  // the line fell
  EXPECT_EQ(scene(*op)["scene"]["caller_video"]["visible"], false);
  EXPECT_EQ(scene(*op)["scene"]["lower_third"]["visible"], false);

  second = move(*op, second, "on_air", {{"layout", "side_by_side"}});
  auto now = scene(*op)["scene"];
  EXPECT_EQ(now["caller_video"]["visible"], true);
  EXPECT_EQ(now["caller_video"]["name"], "Lê Văn Tám");
  EXPECT_EQ(now["caller_video"]["layout"], "side_by_side");
  EXPECT_EQ(now["lower_third"]["name"], "Lê Văn Tám");
  second = move(*op, second, "done");

  // Voice and lower third only, when the studio wants no picture.
  third = move(*op, third, "on_air", {{"video", false}});
  now = scene(*op)["scene"];
  EXPECT_EQ(now["caller_video"]["visible"], false);
  EXPECT_EQ(now["lower_third"]["visible"], true);
  EXPECT_EQ(now["lower_third"]["name"], "Phạm Thu");
  third = move(*op, third, "done");
  EXPECT_EQ(scene(*op)["scene"]["lower_third"]["visible"], false);
}

TEST_F(CallerOnAir, TheOperatorsOwnLowerThirdStaysButTheEndedCallsPictureGoes) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  auto mai = ready(*screener, "Nguyễn Thị Mai", "Phường Dĩ An");
  mai = move(*op, mai, "on_air");
  ASSERT_EQ(op->request("PATCH", "/api/program/scene/lower_third",
                        nlohmann::json{{"name", "Khách mời: GS. Trần Văn B"}}.dump())
                .status,
            200);
  mai = move(*op, mai, "done", {{"lower_third", false}});
  const auto now = scene(*op)["scene"];
  EXPECT_EQ(now["lower_third"]["visible"], true);
  EXPECT_EQ(now["lower_third"]["name"], "Khách mời: GS. Trần Văn B");
  EXPECT_EQ(now["caller_video"]["visible"], false) << "a call that is over never stays on the programme";
}

TEST_F(CallerOnAir, ClosingTheShowTakesThePictureDown) {
  auto producer = staff("sanxuat", "producer");
  auto op = staff("vanhanh", "operator");
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 12"}}).status, 201);
  auto mai = ready(*producer, "Nguyễn Thị Mai", "Phường Dĩ An");
  move(*op, mai, "on_air");
  ASSERT_EQ(scene(*op)["scene"]["caller_video"]["visible"], true);
  ASSERT_EQ(producer->post("/api/shows/current/close", nlohmann::json::object()).status, 200);
  EXPECT_EQ(scene(*op)["scene"]["caller_video"]["visible"], false) << "the call on air ended with the show";
}

// A server killed mid-call comes back with the picture of the caller still on air (from
// their feed), and never with a picture box nobody fills.
TEST_F(CallerOnAir, AfterARestartOnlyTheCallerStillOnAirHasTheirPictureBack) {
  auto producer = staff("sanxuat", "producer");
  auto op = staff("vanhanh", "operator");
  ASSERT_EQ(producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 12"}}).status, 201);
  auto mai = ready(*producer, "Nguyễn Thị Mai", "Phường Dĩ An");
  mai = move(*op, mai, "on_air", {{"layout", "side_by_side"}});

  restart_after_kill9();
  op = login("vanhanh", "mat-khau-vanhanh");
  auto video = scene(*op)["scene"]["caller_video"];
  EXPECT_EQ(video["visible"], true);
  EXPECT_EQ(video["name"], "Nguyễn Thị Mai");
  EXPECT_EQ(video["layout"], "side_by_side");
  EXPECT_EQ(video["lost"], false) << "the test feed is connected again at once";
  mai = move(*op, mai, "done");
  EXPECT_EQ(scene(*op)["scene"]["caller_video"]["visible"], false) << "and it still follows the call";

  // A box put up by hand, with no caller on air behind it, does not come back.
  ASSERT_EQ(op->request("PATCH", "/api/program/scene/caller_video",
                        nlohmann::json{{"visible", true}, {"name", "Ai đó"}}.dump())
                .status,
            200);
  restart_after_kill9();
  op = login("vanhanh", "mat-khau-vanhanh");
  EXPECT_EQ(scene(*op)["scene"]["caller_video"]["visible"], false);
}

// A layout named in the settings is the take's default.
class CallerOnAirSideBySide : public CallerOnAir {
  std::string calls_settings() const override {
    return R"({"calls": {"test_picture": true, "layout": "side_by_side"}})";
  }
};

TEST_F(CallerOnAirSideBySide, TheSettingsLayoutIsTheDefault) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  auto mai = ready(*screener, "Nguyễn Thị Mai", "Phường Dĩ An");
  move(*op, mai, "on_air");
  EXPECT_EQ(scene(*op)["scene"]["caller_video"]["layout"], "side_by_side");
}

// Without a video link (no [calls] test_picture, and no media on this branch) a take is
// the voice and the lower third, and asking for the picture by name is refused.
class CallerOnAirWithoutVideo : public CallerOnAir {
  std::string calls_settings() const override { return R"({"calls": {}})"; }
};

TEST_F(CallerOnAirWithoutVideo, ACallerWithoutAVideoLinkGoesOnAirWithoutAPicture) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  auto mai = ready(*screener, "Nguyễn Thị Mai", "Phường Dĩ An");
  expect_error(move_raw(*op, mai, "on_air", {{"video", true}}), 409, "no_caller_video");
  EXPECT_EQ(op->get("/api/callers/" + std::to_string(mai["id"].get<std::int64_t>())).json()["state"], "next");
  mai = move(*op, mai, "on_air");
  const auto now = scene(*op)["scene"];
  EXPECT_EQ(now["caller_video"]["visible"], false);
  EXPECT_EQ(now["lower_third"]["visible"], true);
}

// The real programme (GStreamer, 640x360): the caller's bars are on the frame, in the
// right half side by side.
class CallerOnAirProgramme : public CallerOnAir {
  std::vector<std::string> programme_args() const override { return {"--format", "640x360@25"}; }
};

TEST_F(CallerOnAirProgramme, TheCallersPictureIsOnTheProgrammeFrame) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  auto mai = ready(*screener, "Nguyễn Thị Mai", "Phường Dĩ An");
  mai = move(*op, mai, "on_air", {{"layout", "side_by_side"}});
  const auto generation = mai["scene_generation"].get<std::int64_t>();
  // Until a frame made after the take (5 s at most).
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (op->get("/api/program/health").json()["graphics"]["generation"]["on_air"].get<std::int64_t>() < generation) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the take never reached the programme";
    std::this_thread::sleep_for(20ms);
  }
  std::this_thread::sleep_for(200ms);
  const auto r = op->get("/api/program/frame.png");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto frame = decode_png(r.body);
  ASSERT_EQ(frame.width, 640);
  // Side by side, the caller is at (976, 246) 896x504 of 1920x1080: here (325, 82) 299x168.
  // The bars' first (75% white) and last (blue), above the name tag.
  const auto rgb = [&](int x, int y) {
    const auto p = frame.at(x, y);
    return std::array<int, 3>{static_cast<int>((p >> 16) & 255), static_cast<int>((p >> 8) & 255),
                              static_cast<int>(p & 255)};
  };
  const auto white = rgb(325 + 299 / 14, 82 + 50), blue = rgb(325 + 13 * 299 / 14, 82 + 50);
  EXPECT_GT(white[0], 150);
  EXPECT_GT(white[1], 150);
  EXPECT_GT(white[2], 150);
  EXPECT_GT(blue[2], blue[0] + 80) << "the last bar is blue";
  EXPECT_GT(blue[2], blue[1] + 80);
}

// The test feed's voice is a 400 Hz tone peaking at -20 dBFS, the test input's a 1 kHz one
// at -20 dBFS: the programme's level (RMS over 100 ms) goes from -23 to -20 dBFS while the
// caller is on air, and back when the call ends.
TEST_F(CallerOnAirProgramme, TheCallersVoiceIsInTheProgrammeSoundUntilTheCallEnds) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  const auto rms = [&] { return op->get("/api/program/health").json()["programme"]["audio_level"]["rms_db"].get<double>(); };
  const auto settles = [&](auto check) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!check(rms())) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(50ms);
    }
    return true;
  };
  // The loudest of ten readings over half a second: a loaded machine may leave a 20 ms
  // buffer of the voice out of a 100 ms window (CI read -21.0 once), never add one.
  const auto level = [&] {
    double loudest = -200.0;
    for (int i = 0; i < 10; ++i, std::this_thread::sleep_for(50ms)) loudest = std::max(loudest, rms());
    return loudest;
  };
  ASSERT_TRUE(settles([](double db) { return db > -30; })) << "the input's line-up tone: " << rms();
  EXPECT_NEAR(level(), -23.0, 1.0);
  auto mai = ready(*screener, "Nguyễn Thị Mai", "Phường Dĩ An");
  mai = move(*op, mai, "on_air");
  ASSERT_TRUE(settles([](double db) { return db > -21.5; })) << "the caller's voice on air: " << rms();
  EXPECT_NEAR(level(), -20.0, 1.0);
  move(*op, mai, "done");
  ASSERT_TRUE(settles([](double db) { return db < -22.0; })) << "the voice gone with the call: " << rms();
}

}  // namespace
}  // namespace votercast::test
