// The Scene's JSON form: round trip, partial updates, and bad input refused with a code.
#include <gtest/gtest.h>

#include <functional>

#include "media/graphics/scene_json.hpp"
#include "scene_samples.hpp"

namespace votercast::media::graphics {
namespace {

using nlohmann::json;

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const SceneError& e) {
    EXPECT_FALSE(std::string(e.what()).empty());
    return e.code;
  }
  return "no error";
}

std::string parse_code(const json& j) {
  return code_of([&] { scene_from_json(j); });
}

TEST(SceneJson, RoundTripsEveryLayer) {
  Scene scene = test_support::full_scene();
  scene.poll.visible = true;
  scene.poll.content.final = true;
  scene.ticker.transition = {Transition::Kind::fade, 250};
  scene.bug.content.logo_png = "/srv/votercast/logo.png";
  const json j = scene_to_json(scene);
  EXPECT_EQ(scene_from_json(j), scene);
  EXPECT_EQ(scene_from_json(json::parse(j.dump())), scene);
  EXPECT_EQ(j["ticker"]["transition"], (json{{"type", "fade"}, {"ms", 250}}));
  EXPECT_EQ(j["poll"]["options"][1]["votes"], 2345);
  // The default scene too: nothing shown, no poll prepared.
  EXPECT_EQ(scene_from_json(scene_to_json(Scene{})), Scene{});
}

TEST(SceneJson, MissingLayersAndFieldsTakeTheirDefaults) {
  const Scene scene = scene_from_json({{"question_card", {{"visible", true}, {"text", "Khi nào sửa đường?"}}}});
  EXPECT_TRUE(scene.question_card.visible);
  EXPECT_EQ(scene.question_card.content.text, "Khi nào sửa đường?");
  EXPECT_EQ(scene.question_card.transition, Transition{});
  EXPECT_EQ(scene.ticker, Layer<Ticker>{});
  EXPECT_EQ(scene.qr.content.caption, "Quét mã để gửi câu hỏi");
}

TEST(SceneJson, PatchChangesOneLayerAndKeepsTheRest) {
  const Scene before = test_support::full_scene();
  Scene after = patch_layer(before, "question_card", {{"visible", false}, {"transition", {{"type", "fade"}}}});
  EXPECT_FALSE(after.question_card.visible);
  EXPECT_EQ(after.question_card.transition.kind, Transition::Kind::fade);
  EXPECT_EQ(after.question_card.content, before.question_card.content);
  EXPECT_EQ(after.ticker, before.ticker);
  // null removes a field (it goes back to its default); arrays are replaced whole.
  after = patch_layer(before, "ticker", {{"label", nullptr}, {"items", {"Một", "Hai"}}});
  EXPECT_EQ(after.ticker.content.label, Ticker{}.label);
  EXPECT_EQ(after.ticker.content.items, (std::vector<std::string>{"Một", "Hai"}));
  after = patch_layer(before, "poll", {{"options", {{{"code", "A"}, {"label", "Có"}, {"votes", 7}},
                                                   {{"code", "B"}, {"label", "Không"}}}}});
  ASSERT_EQ(after.poll.content.options.size(), 2u);
  EXPECT_EQ(after.poll.content.options[1].votes, 0);
}

TEST(SceneJson, BadInputIsRefusedWithACode) {
  EXPECT_EQ(parse_code(json::array()), "wrong_type");
  EXPECT_EQ(parse_code({{"weather", json::object()}}), "unknown_layer");
  EXPECT_EQ(parse_code({{"question_card", {{"colour", "red"}}}}), "unknown_field");
  EXPECT_EQ(parse_code({{"question_card", {{"text", 42}}}}), "wrong_type");
  EXPECT_EQ(parse_code({{"question_card", {{"visible", "yes"}}}}), "wrong_type");
  EXPECT_EQ(parse_code({{"question_card", "shown"}}), "wrong_type");
  EXPECT_EQ(parse_code({{"question_card", {{"text", std::string(1001, 'a')}}}}), "text_too_long");
  // Limits count characters, not bytes: 1000 Vietnamese letters of 3 bytes each are fine.
  std::string thousand;
  for (int i = 0; i < 1000; ++i) thousand += "ệ";
  EXPECT_EQ(parse_code({{"question_card", {{"text", thousand}}}}), "no error");
  EXPECT_EQ(parse_code({{"question_card", {{"text", thousand + "ệ"}}}}), "text_too_long");
  EXPECT_EQ(parse_code({{"question_card", {{"text", "\xC3\x28"}}}}), "invalid_utf8");
  EXPECT_EQ(parse_code({{"question_card", {{"text", "\xED\xA0\x80"}}}}), "invalid_utf8");  // a surrogate
  EXPECT_EQ(parse_code({{"lower_third", {{"transition", {{"type", "wipe"}}}}}}), "invalid_value");
  EXPECT_EQ(parse_code({{"lower_third", {{"transition", {{"ms", 60000}}}}}}), "invalid_value");
  EXPECT_EQ(parse_code({{"lower_third", {{"transition", {{"ms", 2.5}}}}}}), "wrong_type");
  EXPECT_EQ(parse_code({{"ticker", {{"items", "một"}}}}), "wrong_type");
  EXPECT_EQ(parse_code({{"ticker", {{"items", {1, 2}}}}}), "wrong_type");
  EXPECT_EQ(parse_code({{"ticker", json{{"items", json::array()}, {"speed", 5}}}}), "invalid_value");
  EXPECT_EQ(parse_code({{"ticker", {{"items", std::vector<std::string>(31, "x")}}}}), "too_many_items");
  EXPECT_EQ(parse_code({{"ticker", {{"items", std::vector<std::string>(11, std::string(300, 'x'))}}}}),
            "text_too_long");

  json options = json::array();
  for (int i = 0; i < 7; ++i) options.push_back({{"code", std::string(1, char('A' + i))}, {"label", "x"}, {"votes", 1}});
  EXPECT_EQ(parse_code({{"poll", {{"options", options}}}}), "too_many_options");
  EXPECT_EQ(parse_code({{"poll", {{"options", {options[0]}}}}}), "too_few_options");
  EXPECT_EQ(parse_code({{"poll", {{"visible", true}}}}), "too_few_options");
  EXPECT_EQ(parse_code({{"poll", {{"options", {options[0], {{"code", "B"}, {"votes", -1}}}}}}}), "invalid_value");
  EXPECT_EQ(parse_code({{"poll", {{"options", {options[0], {{"code", "B"}, {"votes", 1.5}}}}}}}), "wrong_type");
  EXPECT_EQ(parse_code({{"poll", {{"options", {options[0], {{"code", "B"}, {"votes", 18446744073709551615ULL}}}}}}}),
            "invalid_value");
  EXPECT_EQ(parse_code({{"poll", {{"options", {options[0], {{"code", "ABCDE"}}}}}}}), "text_too_long");
  EXPECT_EQ(parse_code({{"poll", {{"options", {options[0], {{"code", "B"}, {"note", "?"}}}}}}}), "unknown_field");
  EXPECT_EQ(parse_code({{"qr", {{"url", std::string(301, 'u')}}}}), "text_too_long");
  EXPECT_EQ(parse_code({{"bug", {{"clock", 1}}}}), "wrong_type");
}

TEST(SceneJson, ErrorsNameTheFieldAndSayWhatIsWrong) {
  try {
    scene_from_json({{"poll", {{"options", {{{"code", "A"}}, {{"code", "B"}, {"votes", "many"}}}}}}});
    FAIL();
  } catch (const SceneError& e) {
    EXPECT_EQ(e.code, "wrong_type");
    EXPECT_EQ(e.field, "poll.options[1].votes");
    EXPECT_NE(std::string(e.what()).find("poll.options[1].votes"), std::string::npos) << e.what();
  }
}

TEST(SceneJson, BadPatchesAreRefused) {
  const Scene scene = test_support::full_scene();
  EXPECT_EQ(code_of([&] { patch_layer(scene, "weather", {{"visible", true}}); }), "unknown_layer");
  EXPECT_EQ(code_of([&] { patch_layer(scene, "qr", json::array()); }), "wrong_type");
  EXPECT_EQ(code_of([&] { patch_layer(scene, "qr", {{"size", 3}}); }), "unknown_field");
  EXPECT_EQ(code_of([&] { patch_layer(scene, "poll", {{"visible", true}}); }), "no error");
  EXPECT_EQ(code_of([&] { patch_layer(Scene{}, "poll", {{"visible", true}}); }), "too_few_options");
}

// Found by tests/fuzz/scene_json_fuzz.cpp: merge_patch copied a deep patch recursively and
// overflowed the stack (ASan build) before any field was checked.
TEST(SceneJson, APatchNestedDeeperThanAnyLayerIsRefusedBeforeTheMerge) {
  const Scene scene = test_support::full_scene();
  const int depth = 100'000;
  const json deep = json::parse("{\"text\":" + std::string(depth, '[') + std::string(depth, ']') + "}");
  EXPECT_EQ(code_of([&] { patch_layer(scene, "question_card", deep); }), "wrong_type");
  // As deep as a layer goes (poll.options[i].code) is still a patch.
  const json options = json::parse(R"({"options": [{"code": "A", "label": "x"}, {"code": "B", "label": "y"}]})");
  EXPECT_EQ(code_of([&] { patch_layer(scene, "poll", options); }), "no error");
}

}  // namespace
}  // namespace votercast::media::graphics
