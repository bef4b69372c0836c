#pragma once
// Draws each layer of a Scene with Pango/Cairo into ARGB sprites (internal header).
// Used by the engine's render worker and by the still renderer alike.
#include <string>

#include "media/graphics/layer_canvas.hpp"
#include "media/graphics/scene.hpp"

namespace votercast::media::graphics {

// What a layer's picture depends on besides the scene.
struct RenderInputs {
  std::string clock_text;  // "HH:MM", for the bug
};

ArgbLayer render_layer(TextContext& text, const FrameGeometry& geometry, LayerId id, const Scene& scene,
                       const RenderInputs& inputs);

// Percentages of each option's votes that add up to 100 (largest remainder); all 0 without votes.
std::vector<int> poll_percentages(const std::vector<PollOption>& options);

}  // namespace votercast::media::graphics
