#pragma once
// The Scene's one JSON form (docs/SCENE.md): parse, serialize, and the per-layer merge patch
// behind PUT /api/program/scene and PATCH /api/program/scene/{layer}.
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "media/graphics/scene.hpp"

namespace votercast::media::graphics {

// Bad scene input. `code` is stable and machine-readable (unknown_layer, unknown_field,
// wrong_type, text_too_long, too_many_items, too_many_options, too_few_options,
// invalid_value, invalid_utf8); `field` is the offending path ("poll.options[2].votes");
// what() is a human message, Vietnamese first. The web layer answers 400 with
// {"error":{"code":code,"message":what()}}.
struct SceneError : std::invalid_argument {
  std::string code;
  std::string field;
  SceneError(std::string code, std::string field, const std::string& message)
      : std::invalid_argument(message), code(std::move(code)), field(std::move(field)) {}
};

// Limits on text, in Unicode code points.
struct SceneLimits {
  static constexpr std::size_t name = 100;         // asker, caller
  static constexpr std::size_t area = 200;
  static constexpr std::size_t topic = 100;
  static constexpr std::size_t question = 1000;    // as core's kMaxInputChars
  static constexpr std::size_t label = 60;         // ticker label, logo text
  static constexpr std::size_t ticker_item = 300;
  static constexpr std::size_t ticker_items = 30;
  static constexpr std::size_t ticker_total = 3000;
  static constexpr std::size_t poll_title = 200;
  static constexpr std::size_t poll_label = 120;
  static constexpr std::size_t poll_code = 4;
  static constexpr std::size_t poll_options = 6;
  static constexpr std::size_t url = 300;          // a longer URL makes a QR too dense to scan on air
  static constexpr std::size_t caption = 120;
  static constexpr std::size_t path = 4096;
  static constexpr int transition_ms_max = 5000;
  static constexpr int ticker_speed_min = 20;
  static constexpr int ticker_speed_max = 600;
  static constexpr std::int64_t votes_max = 1'000'000'000;
};

nlohmann::json scene_to_json(const Scene& scene);
nlohmann::json layer_to_json(const Scene& scene, LayerId id);

// A whole scene. Missing layers and fields take their defaults; anything unknown,
// mistyped or too long throws SceneError.
Scene scene_from_json(const nlohmann::json& json);

// The scene with one layer changed by a JSON merge patch (RFC 7386) of that layer's object,
// e.g. {"visible": true} or {"text": "..."}. Throws SceneError (unknown_layer for a bad name).
Scene patch_layer(const Scene& scene, std::string_view layer, const nlohmann::json& patch);

}  // namespace votercast::media::graphics
