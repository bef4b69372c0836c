// The scene's JSON (media/graphics/scene_json.hpp) as PUT /api/program/scene and PATCH
// /api/program/scene/{layer} hand it over: the input is one JSON text, read as a whole scene,
// and each of its members as a merge patch of the layer it names. media/ knows nothing of
// core/, and neither does this target.
// fuzz-links: votercast_graphics
// fuzz-options: -max_len=65536
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "media/graphics/scene_json.hpp"

namespace {

using namespace votercast::media::graphics;
using nlohmann::json;

bool documented(const std::string& code) {
  for (const char* c : {"unknown_layer", "unknown_field", "wrong_type", "text_too_long", "too_many_items",
                        "too_many_options", "too_few_options", "invalid_value", "invalid_utf8"})
    if (code == c) return true;
  return false;
}

// A scene the server would accept is one it can write out (UTF-8 only) and read back as itself.
void check_scene(const Scene& scene) {
  const json written = scene_to_json(scene);
  const std::string text = written.dump();
  FUZZ_CHECK(scene_from_json(json::parse(text)) == scene, "the scene does not read back: " + text);
}

// Only a SceneError with a documented code, else the scene.
template <class F>
bool scene_or_refusal(F f, Scene& out) {
  try {
    out = f();
    return true;
  } catch (const SceneError& e) {
    FUZZ_CHECK(documented(e.code), "undocumented code " + e.code);
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // As the server reads a body: no exceptions, a malformed text is discarded.
  const json input = json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded()) return 0;

  Scene base;
  if (scene_or_refusal([&] { return scene_from_json(input); }, base)) check_scene(base);
  if (!input.is_object()) return 0;

  for (auto it = input.begin(); it != input.end(); ++it) {
    Scene patched;
    if (!scene_or_refusal([&] { return patch_layer(base, it.key(), it.value()); }, patched)) continue;
    check_scene(patched);
    LayerId id;
    FUZZ_CHECK(layer_from_name(it.key(), id), "a patch of no layer taken: " + it.key());
    for (LayerId other : kLayersInDrawingOrder)
      if (other != id) FUZZ_CHECK(layer_to_json(patched, other) == layer_to_json(base, other), "another layer changed");
    // A merge patch applied twice is applied once.
    Scene twice;
    FUZZ_CHECK(scene_or_refusal([&] { return patch_layer(patched, it.key(), it.value()); }, twice) && twice == patched,
               "patching twice differs from once: " + it.value().dump());
  }
  return 0;
}
