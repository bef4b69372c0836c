// The programme through the server: the scene API (roles, bad input, audit events),
// take-to-air onto real programme frames, the MJPEG preview, stills, health, and
// `votercast render`. The server runs a real GStreamer programme at 640x360.
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

#include "live_server.hpp"
#include "png_image.hpp"
#include "qr_codes.hpp"
#include "shared_data.hpp"

namespace votercast::test {
namespace {

using namespace std::chrono_literals;

// Mean absolute difference per channel over a rectangle of two same-size images.
double region_difference(const Png& a, const Png& b, int x0, int y0, int x1, int y1) {
  double sum = 0;
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const auto p = a.at(x, y), q = b.at(x, y);
      for (int shift = 0; shift < 24; shift += 8)
        sum += std::abs(static_cast<int>((p >> shift) & 255) - static_cast<int>((q >> shift) & 255));
      n += 3;
    }
  return n ? sum / n : 0;
}

class ProgrammeApi : public LiveServer {
 protected:
  std::vector<std::string> programme_args() const override { return {"--format", "640x360@25"}; }

  nlohmann::json health(HttpClient& c) {
    const auto r = c.get("/api/program/health");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  Png frame(HttpClient& c) {
    const auto r = c.get("/api/program/frame.png");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "image/png");
    return decode_png(r.body);
  }
  HttpResult patch(HttpClient& c, const std::string& layer, const nlohmann::json& body) {
    return c.request("PATCH", "/api/program/scene/" + layer, body.dump());
  }
  // Until the programme shows this scene generation (the newest asked for, when none is
  // given) and nothing moves any more: no fade, cut or poll bars to come, as the engine
  // says (5 s at most). Then two more frames, so that frame.png is made after it.
  void wait_on_air(HttpClient& c, std::optional<std::int64_t> generation = std::nullopt) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    auto h = health(c);
    const auto wanted = generation.value_or(h["graphics"]["generation"]["requested"].get<std::int64_t>());
    while (!(h["graphics"]["generation"]["on_air"].get<std::int64_t>() >= wanted && h["graphics"]["settled"] == true)) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the programme never settled on generation " << wanted
                                                            << ": " << h["graphics"].dump();
      std::this_thread::sleep_for(20ms);
      h = health(c);
    }
    const auto frames = h["programme"]["frames"]["out"].get<std::int64_t>();
    while (health(c)["programme"]["frames"]["out"].get<std::int64_t>() < frames + 2) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the programme stopped making frames";
      std::this_thread::sleep_for(20ms);
    }
  }
  // The layers rendered ahead so far, once at least `count` (5 s at most).
  nlohmann::json prepared_at_least(HttpClient& c, std::int64_t count) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    auto prepared = health(c)["graphics"]["prepared"];
    while (prepared["renders"].get<std::int64_t>() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
      prepared = health(c)["graphics"]["prepared"];
    }
    return prepared;
  }
};

TEST_F(ProgrammeApi, HealthShowsALiveProgrammeToTheControlRoomOnly) {
  auto op = staff("vanhanh", "operator");
  auto h = health(*op);
  EXPECT_EQ(h["programme"]["running"], true);
  EXPECT_EQ(h["programme"]["format"], "640x360@25");
  EXPECT_EQ(h["programme"]["input"]["spec"], "test");
  const auto out_before = h["programme"]["frames"]["out"].get<std::int64_t>();
  std::this_thread::sleep_for(1s);
  h = health(*op);
  EXPECT_EQ(h["programme"]["input"]["state"], "live");
  EXPECT_GE(h["programme"]["frames"]["out"].get<std::int64_t>() - out_before, 15) << "about 25 frames a second";
  EXPECT_EQ(h["programme"]["pipeline"]["restarting"], false);
  EXPECT_EQ(h["programme"]["pipeline"]["standby"], false) << "the slate standby runs only during a rebuild";
  EXPECT_EQ(h["programme"]["frames"]["standby"], 0);
  EXPECT_GT(h["graphics"]["frames"].get<std::int64_t>(), 0);

  EXPECT_EQ(staff("sanxuat", "producer")->get("/api/program/health").status, 200) << "the producer may look";
  EXPECT_EQ(staff("kiemduyet", "moderator")->get("/api/program/health").status, 403);
  EXPECT_EQ(client()->get("/api/program/health").status, 401);
  EXPECT_EQ(client()->get("/api/program/frame.png").status, 401);
}

TEST_F(ProgrammeApi, TakingAQuestionCardPutsItOnTheProgrammeAndClearingTakesItOff) {
  auto op = staff("vanhanh", "operator");
  const auto before = frame(*op);
  ASSERT_EQ(before.width, 640);
  ASSERT_EQ(before.height, 360);
  const auto r = patch(*op, "question_card",
                       {{"visible", true},
                        {"transition", {{"type", "cut"}}},
                        {"asker", "Nguyễn Thị Mai"},
                        {"area", "Phường Hòa Phú"},
                        {"topic", "Giao thông"},
                        {"text", "Khi nào tuyến đường ĐT743 đoạn qua phường Hòa Phú được sửa chữa?"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto generation = r.json()["generation"].get<std::int64_t>();
  EXPECT_EQ(r.json()["scene"]["question_card"]["asker"], "Nguyễn Thị Mai");
  wait_on_air(*op, generation);
  const auto with_card = frame(*op);
  // The card sits in the lower part of the frame; the test pattern above moves less.
  EXPECT_GT(region_difference(before, with_card, 60, 240, 580, 330), 20.0) << "the card is on the programme";
  EXPECT_LT(health(*op)["graphics"]["take_to_air_ms"].get<double>(), 1000.0);

  const auto cleared_at = patch(*op, "question_card", {{"visible", false}});
  ASSERT_EQ(cleared_at.status, 200);
  wait_on_air(*op, cleared_at.json()["generation"].get<std::int64_t>());
  const auto cleared = frame(*op);
  EXPECT_GT(region_difference(cleared, with_card, 60, 240, 580, 330), 20.0) << "the card went off air";
  EXPECT_EQ(op->get("/api/program/scene").json()["scene"]["question_card"]["visible"], false);
}

// The call-in lines drive the programme: taking a caller shows their lower third on
// real frames, ending the call takes it off.
TEST_F(ProgrammeApi, TakingACallerShowsTheirLowerThirdOnTheProgramme) {
  auto screener = staff("trucdt", "screener");
  auto op = staff("vanhanh", "operator");
  auto caller = screener->post("/api/callers", {{"name", "Nguyễn Thị Mai"}, {"area", "Phường Dĩ An"},
                                               {"topic", "Giao thông"}, {"phone", "0912345678"}}).json();
  const auto path = "/api/callers/" + std::to_string(caller["id"].get<std::int64_t>()) + "/transition";
  for (const auto* to : {"screened", "next"}) {
    const auto r = screener->post(path, {{"to", to}, {"version", caller["version"]}});
    ASSERT_EQ(r.status, 200) << r.body;
    caller = r.json();
  }
  // Screened and next: their lower third is drawn ahead, and taking them uses it.
  EXPECT_GE(prepared_at_least(*op, 1)["renders"].get<std::int64_t>(), 1) << "the lower third was not drawn ahead";
  const auto before = frame(*op);
  auto r = op->post(path, {{"to", "on_air"}, {"version", caller["version"]}});
  ASSERT_EQ(r.status, 200) << r.body;
  caller = r.json();
  wait_on_air(*op, caller["scene_generation"].get<std::int64_t>());
  EXPECT_EQ(health(*op)["graphics"]["prepared"]["takes"], 1) << "the take drew the lower third again";
  const auto with_caller = frame(*op);
  // The lower third's zone at 640x360: x 32-465, y 243-320.
  EXPECT_GT(region_difference(before, with_caller, 40, 250, 460, 315), 20.0) << "the lower third is on the programme";

  r = op->post(path, {{"to", "done"}, {"version", caller["version"]}});
  ASSERT_EQ(r.status, 200) << r.body;
  wait_on_air(*op, r.json()["scene_generation"].get<std::int64_t>());
  EXPECT_GT(region_difference(frame(*op), with_caller, 40, 250, 460, 315), 20.0) << "and off again";
}

// The control room sends the rundown's next question ahead: its card is drawn then, and
// the TAKE is a cut with what was drawn.
TEST_F(ProgrammeApi, ThePreparedNextQuestionIsTakenWithoutARender) {
  auto op = staff("vanhanh", "operator");
  const nlohmann::json card = {{"visible", true},
                               {"transition", {{"type", "cut"}}},
                               {"asker", "Lê Văn Tâm"},
                               {"area", "Xã An Bình"},
                               {"topic", "Nước sạch"},
                               {"text", "Khi nào ấp 3 xã An Bình có nước sạch?"}};
  auto scene = op->get("/api/program/scene").json()["scene"];
  scene["question_card"] = card;
  const auto before = frame(*op);
  const auto r = op->post("/api/program/prepare", scene);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.json()["preparing"], true);
  ASSERT_GE(prepared_at_least(*op, 1)["renders"].get<std::int64_t>(), 1) << "the card was not drawn ahead";
  EXPECT_EQ(op->get("/api/program/scene").json()["scene"]["question_card"]["visible"], false) << "nothing went to air";

  const auto taken = patch(*op, "question_card", card);
  ASSERT_EQ(taken.status, 200) << taken.body;
  wait_on_air(*op, taken.json()["generation"].get<std::int64_t>());
  EXPECT_EQ(health(*op)["graphics"]["prepared"]["takes"], 1) << "the take drew the card again";
  EXPECT_GT(region_difference(before, frame(*op), 60, 240, 580, 330), 20.0) << "the card is on the programme";

  auto bad = scene;
  bad["question_card"]["text"] = 5;
  const auto refused = op->post("/api/program/prepare", bad);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(refused.json()["error"].contains("code"));
}

// A poll on the programme follows the votes, and freezes as the final result when it closes.
TEST_F(ProgrammeApi, APollOnAirFollowsTheVotesAndFreezesWhenItCloses) {
  auto producer = staff("sanxuat", "producer");
  auto r = producer->post("/api/polls", {{"title", "Bạn có hài lòng với tiến độ sửa đường ĐT743?"},
                                         {"options", {{{"code", "A"}, {"label", "Hài lòng"}}, {{"code", "B"}, {"label", "Chưa hài lòng"}}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = r.json()["id"].get<std::int64_t>();
  const auto path = "/api/polls/" + std::to_string(id);
  r = producer->post(path + "/open", {{"version", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto version = r.json()["version"];
  const auto before = frame(*producer);
  r = producer->request("PUT", path + "/on_air", nlohmann::json{{"visible", true}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  wait_on_air(*producer, r.json()["generation"].get<std::int64_t>());
  const auto empty_poll = frame(*producer);
  // The poll's zone at 640x360: x 32-398, y 50-317.
  EXPECT_GT(region_difference(before, empty_poll, 40, 60, 390, 300), 20.0) << "the poll is on the programme";

  for (int i = 0; i < 8; ++i) {
    auto voter = client();
    voter->get("/api/polls/current");  // the voter page's load gives the device cookie a vote needs
    ASSERT_EQ(voter->post(path + "/vote", {{"option", i < 6 ? "A" : "B"}}).status, 200);
  }
  auto scene = producer->get("/api/program/scene").json()["scene"]["poll"];
  for (int i = 0; i < 40 && (scene["options"][0]["votes"] != 6 || scene["options"][1]["votes"] != 2); ++i) {
    std::this_thread::sleep_for(50ms);
    scene = producer->get("/api/program/scene").json()["scene"]["poll"];
  }
  EXPECT_EQ(scene["options"][0]["votes"], 6) << "the bars follow the counts";
  EXPECT_EQ(scene["options"][1]["votes"], 2);
  EXPECT_EQ(scene["final"], false);
  wait_on_air(*producer);  // the bars have moved all the way
  const auto with_votes = frame(*producer);
  // The bars and percentages moved from 0% to 75% / 25%.
  EXPECT_GT(region_difference(empty_poll, with_votes, 40, 130, 390, 260), 3.0) << "the bars moved on the programme";

  ASSERT_EQ(producer->post(path + "/close", {{"version", version}}).status, 200);
  for (int i = 0; i < 40 && scene["final"] != true; ++i) {
    std::this_thread::sleep_for(50ms);
    scene = producer->get("/api/program/scene").json()["scene"]["poll"];
  }
  EXPECT_EQ(scene["final"], true) << "frozen as the final result";
  // …and logged like an operator's change, so that every control room hears of it.
  WsClient ws(server->port(), "/ws?since=0", producer.get());
  ASSERT_TRUE(ws.connected());
  bool logged = false;
  while (auto frame = ws.next(std::chrono::milliseconds(1500)))
    if ((*frame)["type"] == "program.scene" && (*frame)["actor"] == "votercast")
      logged = (*frame)["layer"] == "poll" && (*frame)["scene"]["poll"]["final"] == true;
  EXPECT_TRUE(logged) << "no program.scene event for the final result";
  EXPECT_EQ(staff("kiemduyet", "moderator")->request("PUT", path + "/on_air", nlohmann::json{{"visible", false}}.dump()).status,
            403);
}

// PREVIEW of taking the caller off for the card must not still show what is on air:
// background=clean is the picture before graphics, background=programme the frame on air.
TEST_F(ProgrammeApi, ACleanBackgroundLeavesOutTheGraphicsOnAir) {
  auto op = staff("vanhanh", "operator");
  const auto r = patch(*op, "question_card",
                       {{"visible", true}, {"transition", {{"type", "cut"}}}, {"asker", "Nguyễn Thị Mai"},
                        {"text", "Khi nào tuyến đường ĐT743 được sửa chữa?"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto generation = r.json()["generation"].get<std::int64_t>();
  wait_on_air(*op, generation);

  auto without_card = op->get("/api/program/scene").json()["scene"];
  without_card["question_card"]["visible"] = false;
  const auto transparent = decode_png(op->request("POST", "/api/program/render", without_card.dump()).body);
  const auto over_air = decode_png(op->request("POST", "/api/program/render?background=programme", without_card.dump()).body);
  const auto over_clean = decode_png(op->request("POST", "/api/program/render?background=clean", without_card.dump()).body);
  const auto on_air = frame(*op);
  ASSERT_EQ(over_clean.width, 640);
  ASSERT_EQ(over_air.width, 640);
  EXPECT_EQ(over_clean.at(320, 20) >> 24, 255u) << "the programme's picture shows through";
  EXPECT_EQ(transparent.at(320, 20) >> 24, 0u);
  // The card's region: the frame on air still has the card, the clean picture has not.
  EXPECT_LT(region_difference(over_air, on_air, 60, 240, 580, 330), 20.0) << "programme: the card is in the background";
  EXPECT_GT(region_difference(over_clean, on_air, 60, 240, 580, 330), 20.0) << "clean: the card is not";
  EXPECT_EQ(op->request("POST", "/api/program/render?background=elsewhere", without_card.dump()).status, 400);
  EXPECT_EQ(op->get("/api/program/scene").json()["scene"]["question_card"]["visible"], true) << "stills change nothing";
}

TEST_F(ProgrammeApi, TheSceneApiChecksRolesAndInput) {
  auto op = staff("vanhanh", "operator");
  auto producer = staff("sanxuat", "producer");
  EXPECT_EQ(producer->get("/api/program/scene").status, 200);
  EXPECT_EQ(patch(*producer, "qr", {{"visible", true}}).status, 403) << "only the operator changes the programme";
  EXPECT_EQ(staff("kiemduyet", "moderator")->get("/api/program/scene").status, 403);

  expect_error(patch(*op, "nope", {{"visible", true}}), 400, "unknown_layer");
  expect_error(patch(*op, "qr", {{"bogus", 1}}), 400, "unknown_field");
  expect_error(patch(*op, "qr", {{"visible", "yes"}}), 400, "wrong_type");
  expect_error(patch(*op, "bug", {{"logo_png", "/etc/passwd"}}), 400, "logo_not_allowed");
  expect_error(op->request("PATCH", "/api/program/scene/qr", "{not json"), 400, "malformed_json");
  expect_error(op->request("PUT", "/api/program/scene", R"({"poll":{"options":[1,2,3]}})"), 400, "wrong_type");
  const auto bad = patch(*op, "question_card", {{"text", std::string(1200, 'a')}});
  expect_error(bad, 400, "text_too_long");
  EXPECT_EQ(bad.json()["error"]["field"], "question_card.text");
  // Nothing of that reached the scene.
  const auto scene = op->get("/api/program/scene").json()["scene"];
  EXPECT_EQ(scene["qr"]["visible"], false);
  EXPECT_EQ(scene["question_card"]["text"], "");
  EXPECT_EQ(scene["qr"]["url"], "http://localhost:8080") << "the QR code points at the public URL";

  // A whole scene replaces the old one.
  auto whole = scene;
  whole["ticker"]["visible"] = true;
  whole["ticker"]["items"] = {"Khi nào sửa đường ĐT743?", "Trường học quá tải ở Hòa Phú"};
  const auto put = op->request("PUT", "/api/program/scene", whole.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["scene"]["ticker"]["items"].size(), 2u);
}

TEST_F(ProgrammeApi, SceneChangesAreAuditedAndReachEveryControlRoom) {
  auto op = staff("vanhanh", "operator");
  auto watcher = staff("sanxuat", "producer");
  WsClient ws(server->port(), "/ws", watcher.get());
  ASSERT_TRUE(ws.connected()) << ws.error();
  ASSERT_TRUE(ws.next());  // the snapshot
  ASSERT_EQ(patch(*op, "qr", {{"visible", true}}).status, 200);
  std::optional<nlohmann::json> event;
  while ((event = ws.next(5s)) && (*event)["type"] != "program.scene") {
  }
  ASSERT_TRUE(event) << "no program.scene event";
  EXPECT_EQ((*event)["actor"], "vanhanh");
  EXPECT_EQ((*event)["layer"], "qr");
  EXPECT_EQ((*event)["scene"]["qr"]["visible"], true);
}

TEST_F(ProgrammeApi, ThePreviewIsAStreamOfJpegs) {
  auto op = staff("vanhanh", "operator");
  const auto raw = op->raw("GET /api/program/preview.mjpeg HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " +
                               op->cookie_header() + "\r\n\r\n",
                           1500ms);
  EXPECT_EQ(raw_status(raw), 200) << raw.substr(0, 300);
  EXPECT_NE(raw.find("multipart/x-mixed-replace; boundary=votercastframe"), std::string::npos);
  int jpegs = 0;
  for (auto at = raw.find("--votercastframe\r\nContent-Type: image/jpeg\r\nContent-Length: "); at != std::string::npos;
       at = raw.find("--votercastframe\r\n", at + 1)) {
    const auto body = raw.find("\r\n\r\n", at) + 4;
    if (body + 2 < raw.size() && static_cast<unsigned char>(raw[body]) == 0xFF &&
        static_cast<unsigned char>(raw[body + 1]) == 0xD8)
      ++jpegs;
  }
  EXPECT_GE(jpegs, 5) << "about 10 preview frames a second";
}

TEST_F(ProgrammeApi, StillsAreDrawnByTheSameEngine) {
  auto op = staff("vanhanh", "operator");
  auto scene = op->get("/api/program/scene").json()["scene"];
  scene["lower_third"]["visible"] = true;
  scene["lower_third"]["name"] = "Lê Văn Ổn";
  scene["lower_third"]["area"] = "Xã Điện Ngọc";
  const auto still = op->request("POST", "/api/program/render", scene.dump());
  ASSERT_EQ(still.status, 200) << still.body;
  const auto png = decode_png(still.body);
  EXPECT_EQ(png.width, 640);
  EXPECT_EQ(png.height, 360);
  const auto over = op->request("POST", "/api/program/render?background=programme", scene.dump());
  ASSERT_EQ(over.status, 200) << over.body;
  const auto with_frame = decode_png(over.body);
  EXPECT_EQ(with_frame.at(320, 20) >> 24, 255u) << "opaque where the programme shows through";
  EXPECT_EQ(png.at(320, 20) >> 24, 0u) << "transparent without a background";
  EXPECT_EQ(op->get("/api/program/scene").json()["scene"]["lower_third"]["visible"], false)
      << "a still changes nothing on air";
}

class NoProgramme : public LiveServer {};

TEST_F(NoProgramme, TheSceneApiWorksAndTheFramesAreUnavailable) {
  auto op = staff("vanhanh", "operator");
  const auto frame = op->get("/api/program/frame.png");
  EXPECT_EQ(frame.status, 503);
  EXPECT_EQ(frame.json()["error"]["code"], "no_programme");
  EXPECT_EQ(op->get("/api/program/preview.mjpeg").status, 503);
  EXPECT_EQ(op->get("/api/program/health").json()["programme"]["enabled"], false);
  EXPECT_EQ(op->request("PATCH", "/api/program/scene/qr", R"({"visible":true})").status, 200);
}

TEST(ProgrammeStart, AnInputThatCannotStartIsAClearErrorNotAHang) {
  TempDir dir;
  std::string out;
  const auto t0 = std::chrono::steady_clock::now();
  const int code = run_cli("serve --port 0 --db " + dir.file("x.db") + " --format 640x360@25 --input file://" +
                               dir.file("khong-co-tep.mkv"),
                           "", &out);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("khong-co-tep.mkv"), std::string::npos) << out;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 20s);
  EXPECT_EQ(run_cli("serve --port 0 --db " + dir.file("y.db") + " --input decklink:0", "", &out), 1);
  EXPECT_NE(out.find("ecklink"), std::string::npos) << out;
  EXPECT_EQ(run_cli("serve --port 0 --db " + dir.file("z.db") + " --format 640x360", "", &out), 1);
  EXPECT_NE(out.find("WIDTHxHEIGHT@FPS"), std::string::npos) << out;
  const auto toml = dir.file("votercast.toml");
  std::ofstream(toml) << "[programme]\nformat = \"1280x720@50\"\nloop = true\n";
  EXPECT_EQ(run_cli("serve --port 0 --db " + dir.file("w.db") + " --config " + toml, "", &out), 1);
  EXPECT_NE(out.find("unknown setting 'programme.loop'"), std::string::npos) << out;
}

TEST(RenderCommand, DrawsASceneFileToAPng) {
  TempDir dir;
  const auto scene = dir.file("scene.json");
  std::ofstream(scene) << R"({"question_card":{"visible":true,"asker":"Phạm Thị Hường","area":"Hội An",
    "topic":"Y tế","text":"Bao giờ trạm y tế phường được nâng cấp?"}})";
  std::string out;
  ASSERT_EQ(run_cli("render --scene " + scene + " --out " + dir.file("card.png") + " --format 1280x720@50", "", &out),
            0)
      << out;
  std::ifstream in(dir.file("card.png"), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto png = decode_png(bytes);
  EXPECT_EQ(png.width, 1280);
  EXPECT_EQ(png.height, 720);

  std::ofstream(dir.file("bad.json")) << R"({"question_card":{"visible":"yes"}})";
  EXPECT_EQ(run_cli("render --scene " + dir.file("bad.json") + " --out " + dir.file("x.png"), "", &out), 1);
  EXPECT_NE(out.find("wrong_type"), std::string::npos) << out;
  EXPECT_NE(out.find("question_card.visible"), std::string::npos) << out;
}

}  // namespace
}  // namespace votercast::test

namespace votercast::test {
namespace {

TEST_F(ProgrammeApi, MetricsCarryTheProgramme) {
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  do {
    text = client()->get("/metrics").body;
  } while (text.find("votercast_programme_input_live 1") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline && (std::this_thread::sleep_for(50ms), true));
  EXPECT_NE(text.find("votercast_programme_running 1"), std::string::npos) << text;
  EXPECT_NE(text.find("votercast_programme_input_live 1"), std::string::npos) << text;
  EXPECT_NE(text.find("votercast_graphics_blend_ms_mean"), std::string::npos) << text;
}

}  // namespace
}  // namespace votercast::test

namespace votercast::test {
namespace {

long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// 30 s of the operator changing the scene every 100 ms (new question text, the
// card in and out, the ticker's items): the server's memory must stay flat after the
// first 10 s. A leak of a rendered card (megabytes) shows at once; `scripts/bench soak`
// is the long run.
TEST_F(ProgrammeApi, ThirtySecondsOfSceneChangesKeepMemoryFlat) {
  if (server_sanitized()) GTEST_SKIP() << "AddressSanitizer keeps freed memory in quarantine: RSS says nothing here";
  auto op = staff("vanhanh", "operator");
  const auto rows = read_shared_jsonl("questions.vi.jsonl");
  const auto start = std::chrono::steady_clock::now();
  long warm = 0;
  int changes = 0;
  for (auto next = start; std::chrono::steady_clock::now() - start < 30s; next += 100ms) {
    std::this_thread::sleep_until(next);
    const auto& q = rows[static_cast<std::size_t>(changes) % rows.size()];
    nlohmann::json body = {{"visible", changes % 7 != 0}, {"text", q.value("text", "")}, {"asker", q.value("name", "")}};
    const auto r = patch(*op, changes % 5 == 0 ? "ticker" : "question_card",
                         changes % 5 == 0 ? nlohmann::json{{"items", {q.value("text", ""), "Câu hỏi " + std::to_string(changes)}}}
                                          : body);
    ASSERT_EQ(r.status, 200) << r.body;
    ++changes;
    if (!warm && std::chrono::steady_clock::now() - start > 10s) warm = rss_kib(server->pid());
  }
  const long end = rss_kib(server->pid());
  EXPECT_GE(changes, 270);
  ASSERT_GT(warm, 0);
  EXPECT_LT(end - warm, 16 * 1024) << "RSS grew from " << warm << " KiB to " << end << " KiB";
  const auto h = health(*op);
  EXPECT_EQ(h["programme"]["frames"]["slate"], 0) << "the programme never lost its input";
  std::printf("[ soak     ] %d scene changes, RSS %ld KiB after 10 s, %ld KiB after 30 s\n", changes, warm, end);
}

}  // namespace
}  // namespace votercast::test

namespace votercast::test {
namespace {

// What zbar reads in a greyscale rendering of the image.
std::vector<std::string> qr_codes_in(const Png& png) {
  std::vector<unsigned char> grey(static_cast<std::size_t>(png.width) * png.height);
  for (std::size_t i = 0; i < grey.size(); ++i) {
    const auto p = png.argb[i];
    grey[i] = static_cast<unsigned char>((((p >> 16) & 255) * 299 + ((p >> 8) & 255) * 587 + (p & 255) * 114) / 1000);
  }
  return qr_codes_in_grey(grey.data(), png.width, png.height);
}

class ProgrammeAt720 : public ProgrammeApi {
 protected:
  std::vector<std::string> programme_args() const override {
    return {"--format", "1280x720@25", "--public-url", "https://hoidap.example.vn/gui-cau-hoi?kenh=tv"};
  }
};

TEST_F(ProgrammeAt720, TheQrCodeOnAirTakesAPhoneToTheQuestionPage) {
  auto op = staff("vanhanh", "operator");
  EXPECT_TRUE(qr_codes_in(frame(*op)).empty()) << "the QR code waits for the operator";
  const auto r = patch(*op, "qr", {{"visible", true}, {"transition", {{"type", "cut"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto generation = r.json()["generation"].get<std::int64_t>();
  wait_on_air(*op, generation);
  const auto codes = qr_codes_in(frame(*op));
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], "https://hoidap.example.vn/gui-cau-hoi?kenh=tv");
}

}  // namespace
}  // namespace votercast::test
