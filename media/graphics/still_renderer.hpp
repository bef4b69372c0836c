#pragma once
// A Scene as a still PNG (`votercast render`, the control room's PREVIEW): the same layer
// renderers as the programme, every visible layer at full opacity, the ticker at its start.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "media/graphics/scene.hpp"

namespace votercast::media::graphics {

struct StillOptions {
  int width = 1920;
  int height = 1080;
  // PNG bytes drawn first, scaled to cover the frame; without one the PNG is transparent
  // where no graphic is.
  std::optional<std::string_view> background_png;
  std::chrono::system_clock::time_point clock_time = std::chrono::system_clock::now();
};

// PNG bytes. Throws SceneError (code "invalid_background") for a background that is not a
// PNG, std::invalid_argument for a size outside 16..7680 x 16..4320.
std::string render_scene_png(const Scene& scene, const StillOptions& options = {});

}  // namespace votercast::media::graphics
