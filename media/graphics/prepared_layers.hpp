#pragma once
// Layers rendered before anyone takes them (the PREVIEW, the rundown's next question, a
// screened caller's lower third), so that a take is a cut at the next frame instead of a
// render (about 12 ms at 1080p) and then a frame. Kept by content: a later scene whose layer
// shows the same thing uses the rendered one. Only the graphics engine's worker touches it
// (internal header).
#include <cstddef>
#include <deque>
#include <memory>

#include "media/graphics/rendered_layer.hpp"
#include "media/graphics/scene.hpp"

namespace votercast::media::graphics {

// Whether layer `id` shows the same thing in both scenes (visibility and transition aside).
bool same_layer_content(const Scene& a, const Scene& b, LayerId id);

// Whether a layer's picture depends only on its content: the poll's bars move between
// counts and the bug's clock turns, so those two are always drawn when taken.
bool can_prepare(LayerId id);

class PreparedLayers {
 public:
  static constexpr std::size_t kPerLayer = 3;  // what is next, and what was just replaced

  // The rendered layer for `scene`'s layer `id`, if one was prepared or shown before.
  std::shared_ptr<const RenderedLayer> find(LayerId id, const Scene& scene);
  // Keeps `rendered` as `scene`'s layer `id`; the oldest of that layer goes past kPerLayer.
  void keep(LayerId id, const Scene& scene, std::shared_ptr<const RenderedLayer> rendered);
  std::size_t bytes() const;

 private:
  struct Entry {
    LayerId id;
    Scene scene;  // whole, for same_layer_content; a few kilobytes
    std::shared_ptr<const RenderedLayer> rendered;
  };
  std::deque<Entry> entries_;  // newest first
};

}  // namespace votercast::media::graphics
