#pragma once
// The programme's graphics: holds the Scene, renders each layer when its content changes on
// a worker thread of its own (Pango/Cairo, then converted once to I420), and blends what is
// rendered into every frame on the streaming thread without ever waiting for the renderer.
// When only the votes of a poll on air change, its bars move to them (poll_tween.hpp).
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "media/graphics/scene.hpp"
#include "media/video_frame.hpp"

namespace votercast::media::graphics {

struct LayerRenderStats {
  std::uint64_t renders = 0;      // content changes rendered (the clock's minute and the poll's tween frames count)
  double last_render_ms = 0;      // Pango/Cairo drawing plus the I420 conversion
  double max_render_ms = 0;
  std::size_t bytes = 0;          // the I420 graphics kept for blending
};

struct GraphicsStats {
  std::array<LayerRenderStats, kLayerCount> layers;  // indexed by LayerId
  std::uint64_t frames = 0;
  double last_blend_ms = 0, mean_blend_ms = 0, max_blend_ms = 0;
  std::uint64_t requested_generation = 0;  // the last scene change asked for
  std::uint64_t published_generation = 0;  // rendered and handed to blend()
  std::uint64_t on_air_generation = 0;     // seen by a blend()
  double last_publish_ms = 0;  // from set_scene/patch_layer to published
  double last_on_air_ms = 0;   // from set_scene/patch_layer to the first frame that used it
  // The last change asked for is on air and done moving: no fade, cut or poll bars still
  // to come. What a test or a monitor waits for instead of "long enough".
  bool settled = false;
  // Layers rendered ahead by prepare(), the takes that found theirs ready (no render
  // between the take and the next frame), and what the kept ones hold.
  std::uint64_t prepared_renders = 0;
  std::uint64_t prepared_takes = 0;
  std::size_t prepared_bytes = 0;
  // The caller's pictures scaled into place, and frames that found none newer to show.
  std::uint64_t caller_pictures_scaled = 0;
  std::uint64_t caller_frames_without_picture = 0;
};

class GraphicsEngine : public FrameOverlay {
 public:
  struct Options {
    // The bug clock's time source (tests set it); the worker looks at least once a second.
    std::function<std::chrono::system_clock::time_point()> clock = [] { return std::chrono::system_clock::now(); };
    // Called on the renderer's thread before it draws a layer: lets a test hold the
    // renderer mid-change and see that frames go on without it.
    std::function<void(LayerId)> before_render;
  };

  GraphicsEngine(int width, int height);
  GraphicsEngine(int width, int height, Options options);
  ~GraphicsEngine() override;
  GraphicsEngine(const GraphicsEngine&) = delete;
  GraphicsEngine& operator=(const GraphicsEngine&) = delete;

  // Scene changes, from any thread. Each returns its generation (increasing from 1).
  std::uint64_t set_scene(Scene scene);
  // A JSON merge patch of one layer (see scene_json.hpp); throws SceneError and changes nothing.
  std::uint64_t patch_layer(std::string_view layer, const nlohmann::json& patch);
  // Renders ahead what taking `scene` would change, so that the take is a cut at the next
  // frame: the PREVIEW, the rundown's next question, a screened caller's lower third. Only the
  // latest request is kept, and takes go first. The poll and the bug are always drawn when taken.
  void prepare(Scene scene);
  Scene scene() const;
  // The scene as last asked for, with that request's generation: read under one lock, so
  // a reply never pairs a generation with a newer scene.
  struct SceneAt {
    std::uint64_t generation = 0;
    Scene scene;
  };
  SceneAt current_scene() const;

  // Readiness, for take-to-air latency: a generation is published once every layer it changed
  // is rendered and blend() can take it; blend() takes the newest at its next frame. A poll
  // whose votes move counts as rendered with its first frame; the rest follow in the same generation.
  std::uint64_t published_generation() const;
  std::uint64_t on_air_generation() const;
  bool wait_published(std::uint64_t generation, std::chrono::milliseconds timeout) const;

  // Where the caller_video layer's picture comes from (a video call's latest frame); empty
  // when no call is on air. Any thread. The layer shows a dark box until a first picture and
  // the last one again while none is newer: the programme never waits for a caller.
  void set_caller_picture(CallerPictureSource source);

  // FrameOverlay: the streaming thread, every frame, in place. Not to be called concurrently.
  void blend(VideoFrameView& frame, std::int64_t running_time_ns) override;

  GraphicsStats stats() const;

  // A still of `scene` at the engine's size through the same renderers (see still_renderer.hpp).
  std::string render_png(const Scene& scene, std::optional<std::string_view> background_png = {}) const;

  int width() const;
  int height() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace votercast::media::graphics
