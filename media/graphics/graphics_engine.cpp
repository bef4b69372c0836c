#include "media/graphics/graphics_engine.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "media/graphics/caller_compositor.hpp"
#include "media/graphics/clock_text.hpp"
#include "media/graphics/layer_renderers.hpp"
#include "media/graphics/layer_transition.hpp"
#include "media/graphics/poll_tween.hpp"
#include "media/graphics/prepared_layers.hpp"
#include "media/graphics/rendered_layer.hpp"
#include "media/graphics/scene_json.hpp"
#include "media/graphics/still_renderer.hpp"

namespace votercast::media::graphics {
namespace {

using SteadyClock = std::chrono::steady_clock;

double ms_between(SteadyClock::time_point from, SteadyClock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

std::size_t index_of(LayerId id) { return static_cast<std::size_t>(id); }

// What blend() is handed: every layer's rendered content and whether it should be shown.
// Immutable once published; unchanged layers share their RenderedLayer with the previous set.
struct PublishedSet {
  struct LayerPlan {
    std::shared_ptr<const RenderedLayer> rendered;
    bool visible = false;
    Transition transition;
  };
  std::uint64_t generation = 0;
  SteadyClock::time_point requested_at;
  std::array<LayerPlan, kLayerCount> layers;
  CallerVideo caller_video;  // how the caller's picture is laid out (the layer draws only its frame)
  bool tweening = false;  // the poll's bars move on: more sets of this generation follow
};

}  // namespace

struct GraphicsEngine::Impl {
  Impl(int width, int height, Options options)
      : width(width), height(height), geometry(FrameGeometry::for_frame(width, height)),
        options(std::move(options)), callers(geometry) {
    worker = std::thread([this] { run_worker(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    work_cv.notify_all();
    worker.join();
  }

  void run_worker();
  // Renders ahead what `scene` would change; stops early when a take arrives. Worker thread.
  void prepare(TextContext& text, const Scene& scene, const Scene& on_air, const std::string& clock,
               std::uint64_t done);
  void take(std::shared_ptr<const PublishedSet> set);

  const int width, height;
  const FrameGeometry geometry;
  const Options options;

  // Scene changes (any thread) and the worker meet here. blend() never takes this mutex.
  mutable std::mutex mutex;
  std::condition_variable work_cv;
  mutable std::condition_variable published_cv;
  Scene desired;
  std::uint64_t requested = 0;
  SteadyClock::time_point requested_at = SteadyClock::now();
  std::uint64_t published = 0;
  bool stopping = false;
  std::optional<Scene> to_prepare;  // only the latest asked for
  std::uint64_t prepared_renders = 0, prepared_takes = 0;
  std::size_t prepared_bytes = 0;
  std::array<LayerRenderStats, kLayerCount> render_stats;
  double last_publish_ms = 0;

  // The hand-over to the streaming thread: a shared_ptr swap, and a counter that lets
  // blend() skip even that load when nothing new was published.
  std::atomic<std::shared_ptr<const PublishedSet>> latest;
  std::atomic<std::uint64_t> publish_count{0};
  std::atomic<std::uint64_t> published_generation{0};

  // The streaming thread's own state.
  struct OnAir {
    LayerTransition transition;
    std::shared_ptr<const RenderedLayer> showing;  // kept while fading out
    bool crawl_restart = true;
    std::int64_t crawl_start_ns = 0;
  };
  std::shared_ptr<const PublishedSet> current;
  std::uint64_t seen_publish_count = 0;
  std::array<OnAir, kLayerCount> on_air;
  CallerCompositor callers;
  CallerVideo caller_on_air;  // kept while the layer fades out

  PreparedLayers prepared;  // the worker's own

  // Written by the streaming thread only, read by stats().
  std::atomic<std::uint64_t> frames{0}, blend_total_ns{0}, last_blend_ns{0}, max_blend_ns{0};
  std::atomic<std::uint64_t> on_air_generation{0};
  // The publish_count of the set that the last blend() found done moving (no fade or cut
  // to come, no more poll frames); another value: something is still moving.
  std::atomic<std::uint64_t> settled_publish{0};
  std::atomic<double> last_on_air_ms{0};

  std::thread worker;  // last: started once everything above exists
};

void GraphicsEngine::Impl::run_worker() {
  TextContext text;  // this thread's own Pango context
  Scene rendered_scene;  // while the poll's votes tween, it holds their target
  std::string rendered_clock;
  std::array<std::shared_ptr<const RenderedLayer>, kLayerCount> rendered;
  // The last few published sets stay referenced here, so that the streaming thread, dropping
  // its reference when it takes a newer one, does not usually free graphics itself.
  std::deque<std::shared_ptr<const PublishedSet>> recent;
  PollTween poll_tween;
  std::uint64_t done = 0;
  bool initial = true;
  bool published_tweening = false;

  std::optional<Scene> preparing;
  for (;;) {
    Scene scene;
    std::uint64_t generation;
    SteadyClock::time_point asked_at;
    {
      std::unique_lock lock(mutex);
      if (!initial) {
        // Wake for scene changes, and at least each second for the clock's minute.
        const auto now = options.clock();
        const auto into_minute = now.time_since_epoch() % std::chrono::minutes(1);
        const auto to_next_minute = std::chrono::minutes(1) - into_minute + std::chrono::milliseconds(2);
        std::chrono::nanoseconds wait = std::min<std::chrono::nanoseconds>(to_next_minute, std::chrono::seconds(1));
        if (poll_tween.active())  // and for the poll's next frame
          wait = std::clamp<std::chrono::nanoseconds>(poll_tween.next_frame_at() - SteadyClock::now(),
                                                      std::chrono::nanoseconds::zero(), wait);
        work_cv.wait_for(lock, wait, [&] { return stopping || requested != done || to_prepare; });
      }
      if (stopping) return;
      scene = desired;
      generation = requested;
      asked_at = requested_at;
      // Takes come first: what is asked for ahead is drawn only while none waits.
      if (!initial && generation == done && to_prepare) {
        preparing = std::move(to_prepare);
        to_prepare.reset();
      }
    }
    if (preparing) {
      prepare(text, *preparing, rendered_scene, rendered_clock, done);
      preparing.reset();
      continue;
    }

    const std::string clock = clock_text(options.clock());
    const bool new_generation = initial || generation != done;
    bool changed = new_generation;
    for (LayerId id : kLayersInDrawingOrder) {
      // The poll may be drawn with other counts than the scene's: a frame of its votes' tween.
      std::optional<Scene> poll_frame;
      if (id == LayerId::poll) {
        std::optional<Poll> poll =
            poll_tween.content_to_render(rendered_scene.poll, scene.poll, initial, SteadyClock::now());
        if (!poll) continue;
        poll_frame = scene;
        poll_frame->poll.content = std::move(*poll);
      } else {
        const bool clock_ticked = id == LayerId::bug && scene.bug.content.clock && clock != rendered_clock;
        if (!initial && !clock_ticked && same_layer_content(scene, rendered_scene, id)) continue;
      }
      const Scene& drawn = poll_frame ? *poll_frame : scene;
      if (can_prepare(id)) {
        if (auto ready = prepared.find(id, drawn)) {
          // What it replaces is kept too: taking it back is a cut as well.
          if (!initial) prepared.keep(id, rendered_scene, rendered[index_of(id)]);
          rendered[index_of(id)] = std::move(ready);
          changed = true;
          std::lock_guard lock(mutex);
          ++prepared_takes;
          continue;
        }
      }
      if (options.before_render) options.before_render(id);
      const auto start = SteadyClock::now();
      std::shared_ptr<const RenderedLayer> layer;
      try {
        layer = std::make_shared<const RenderedLayer>(
            to_rendered_layer(render_layer(text, geometry, id, drawn, RenderInputs{clock})));
      } catch (const std::exception& e) {
        // Out of memory, most likely: keep what is on air rather than end the process.
        std::fprintf(stderr, "votercast graphics: rendering %s failed: %s\n", layer_name(id).data(), e.what());
        continue;
      }
      const auto finished = SteadyClock::now();
      if (id == LayerId::poll) poll_tween.rendered(drawn.poll.content, finished - start);
      const double took = ms_between(start, finished);
      {
        std::lock_guard lock(mutex);
        LayerRenderStats& s = render_stats[index_of(id)];
        ++s.renders;
        s.last_render_ms = took;
        s.max_render_ms = std::max(s.max_render_ms, took);
        s.bytes = layer->bytes();
      }
      if (!initial) prepared.keep(id, rendered_scene, rendered[index_of(id)]);
      rendered[index_of(id)] = std::move(layer);
      changed = true;
    }
    {
      std::lock_guard lock(mutex);
      prepared_bytes = prepared.bytes();
    }
    // The poll's last step may draw nothing new; the set on air still says more is coming,
    // so it is published again, marked still (what stats().settled reads).
    const bool tween_ended = published_tweening && !poll_tween.active();
    if (!changed && !tween_ended) continue;  // woke for the clock and the minute has not turned, or the poll's step rounded away
    rendered_scene = scene;
    rendered_clock = clock;
    initial = false;
    done = generation;

    auto set = std::make_shared<PublishedSet>();
    set->generation = generation;
    set->requested_at = asked_at;
    set->tweening = published_tweening = poll_tween.active();
    set->caller_video = scene.caller_video.content;
    for (LayerId id : kLayersInDrawingOrder)
      visit_layer(scene, id, [&](const auto& layer) {
        set->layers[index_of(id)] = {rendered[index_of(id)], layer.visible, layer.transition};
      });
    std::shared_ptr<const PublishedSet> handed(std::move(set));
    latest.store(handed, std::memory_order_release);
    publish_count.fetch_add(1, std::memory_order_release);
    recent.push_back(std::move(handed));
    if (recent.size() > 4) recent.pop_front();
    {
      std::lock_guard lock(mutex);
      published = generation;
      published_generation.store(generation, std::memory_order_release);
      if (new_generation) last_publish_ms = ms_between(asked_at, SteadyClock::now());
    }
    published_cv.notify_all();
  }
}

void GraphicsEngine::Impl::prepare(TextContext& text, const Scene& scene, const Scene& on_air, const std::string& clock,
                                   std::uint64_t done) {
  for (LayerId id : kLayersInDrawingOrder) {
    if (!can_prepare(id) || same_layer_content(scene, on_air, id) || prepared.find(id, scene)) continue;
    {
      std::lock_guard lock(mutex);
      if (stopping || requested != done) {
        if (!to_prepare) to_prepare = scene;  // the rest after the take, unless something newer is asked
        return;
      }
    }
    if (options.before_render) options.before_render(id);
    try {
      prepared.keep(id, scene,
                    std::make_shared<const RenderedLayer>(
                        to_rendered_layer(render_layer(text, geometry, id, scene, RenderInputs{clock}))));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "votercast graphics: preparing %s failed: %s\n", layer_name(id).data(), e.what());
      continue;
    }
    std::lock_guard lock(mutex);
    ++prepared_renders;
    prepared_bytes = prepared.bytes();
  }
}

// On the streaming thread: a newly published set retargets each layer's transition.
void GraphicsEngine::Impl::take(std::shared_ptr<const PublishedSet> set) {
  for (std::size_t i = 0; i < kLayerCount; ++i) {
    const PublishedSet::LayerPlan& plan = set->layers[i];
    OnAir& layer = on_air[i];
    const bool was_shown = layer.transition.on_screen() || layer.transition.target_visible();
    layer.transition.retarget(plan.visible, plan.transition);
    if (!plan.visible) continue;  // a layer fading out keeps what it showed
    if (plan.rendered != layer.showing || !was_shown) {
      layer.showing = plan.rendered;
      layer.crawl_restart = true;
    }
  }
  if (set->layers[index_of(LayerId::caller_video)].visible) caller_on_air = set->caller_video;
  if (!current || set->generation != current->generation)  // not a mere clock tick
    last_on_air_ms.store(ms_between(set->requested_at, SteadyClock::now()), std::memory_order_relaxed);
  on_air_generation.store(set->generation, std::memory_order_release);
  current = std::move(set);
}

GraphicsEngine::GraphicsEngine(int width, int height) : GraphicsEngine(width, height, Options{}) {}

GraphicsEngine::GraphicsEngine(int width, int height, Options options)
    : impl_(std::make_unique<Impl>(width, height, std::move(options))) {}

GraphicsEngine::~GraphicsEngine() = default;

std::uint64_t GraphicsEngine::set_scene(Scene scene) {
  std::uint64_t generation;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->desired = std::move(scene);
    generation = ++impl_->requested;
    impl_->requested_at = SteadyClock::now();
  }
  impl_->work_cv.notify_all();
  return generation;
}

std::uint64_t GraphicsEngine::patch_layer(std::string_view layer, const nlohmann::json& patch) {
  std::uint64_t generation;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->desired = graphics::patch_layer(impl_->desired, layer, patch);  // throws before any change
    generation = ++impl_->requested;
    impl_->requested_at = SteadyClock::now();
  }
  impl_->work_cv.notify_all();
  return generation;
}

void GraphicsEngine::prepare(Scene scene) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->to_prepare = std::move(scene);
  }
  impl_->work_cv.notify_all();
}

Scene GraphicsEngine::scene() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->desired;
}

GraphicsEngine::SceneAt GraphicsEngine::current_scene() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->requested, impl_->desired};
}

std::uint64_t GraphicsEngine::published_generation() const {
  return impl_->published_generation.load(std::memory_order_acquire);
}

std::uint64_t GraphicsEngine::on_air_generation() const {
  return impl_->on_air_generation.load(std::memory_order_acquire);
}

bool GraphicsEngine::wait_published(std::uint64_t generation, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->published_cv.wait_for(lock, timeout, [&] { return impl_->published >= generation; });
}

void GraphicsEngine::set_caller_picture(CallerPictureSource source) { impl_->callers.set_source(std::move(source)); }

void GraphicsEngine::blend(VideoFrameView& frame, std::int64_t running_time_ns) {
  Impl& m = *impl_;
  const auto start = SteadyClock::now();
  const std::uint64_t count = m.publish_count.load(std::memory_order_acquire);
  if (count != m.seen_publish_count) {
    m.seen_publish_count = count;
    m.take(m.latest.load(std::memory_order_acquire));
  }
  bool settled = true;
  if (m.current) {
    for (LayerId id : kLayersInDrawingOrder) {
      Impl::OnAir& layer = m.on_air[index_of(id)];
      const double alpha = layer.transition.alpha_at(running_time_ns);
      settled = settled && layer.transition.settled();
      if (alpha <= 0) {
        if (!layer.transition.target_visible()) layer.showing.reset();
        continue;
      }
      if (!layer.showing) continue;
      if (layer.crawl_restart) {
        layer.crawl_start_ns = running_time_ns;
        layer.crawl_restart = false;
      }
      if (id == LayerId::caller_video) m.callers.compose(frame, m.caller_on_air.layout, blend_alpha(alpha));
      blend_layer(frame, *layer.showing, blend_alpha(alpha), running_time_ns - layer.crawl_start_ns);
    }
  }
  const auto took = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - start).count());
  m.settled_publish.store(settled && (!m.current || !m.current->tweening) ? m.seen_publish_count : ~std::uint64_t{0},
                         std::memory_order_release);
  m.frames.fetch_add(1, std::memory_order_relaxed);
  m.blend_total_ns.fetch_add(took, std::memory_order_relaxed);
  m.last_blend_ns.store(took, std::memory_order_relaxed);
  if (took > m.max_blend_ns.load(std::memory_order_relaxed)) m.max_blend_ns.store(took, std::memory_order_relaxed);
}

GraphicsStats GraphicsEngine::stats() const {
  GraphicsStats s;
  {
    std::lock_guard lock(impl_->mutex);
    s.layers = impl_->render_stats;
    s.requested_generation = impl_->requested;
    s.published_generation = impl_->published;
    s.last_publish_ms = impl_->last_publish_ms;
    s.prepared_renders = impl_->prepared_renders;
    s.prepared_takes = impl_->prepared_takes;
    s.prepared_bytes = impl_->prepared_bytes;
    s.caller_pictures_scaled = impl_->callers.pictures_scaled();
    s.caller_frames_without_picture = impl_->callers.frames_without_picture();
  }
  s.frames = impl_->frames.load(std::memory_order_relaxed);
  s.last_blend_ms = impl_->last_blend_ns.load(std::memory_order_relaxed) / 1e6;
  s.max_blend_ms = impl_->max_blend_ns.load(std::memory_order_relaxed) / 1e6;
  s.mean_blend_ms = s.frames ? impl_->blend_total_ns.load(std::memory_order_relaxed) / 1e6 / s.frames : 0;
  s.on_air_generation = impl_->on_air_generation.load(std::memory_order_acquire);
  s.settled = s.on_air_generation == s.requested_generation &&
              impl_->settled_publish.load(std::memory_order_acquire) ==
                  impl_->publish_count.load(std::memory_order_acquire);
  s.last_on_air_ms = impl_->last_on_air_ms.load(std::memory_order_relaxed);
  return s;
}

std::string GraphicsEngine::render_png(const Scene& scene, std::optional<std::string_view> background_png) const {
  StillOptions still;
  still.width = impl_->width;
  still.height = impl_->height;
  still.background_png = background_png;
  still.clock_time = impl_->options.clock();
  return render_scene_png(scene, still);
}

int GraphicsEngine::width() const { return impl_->width; }
int GraphicsEngine::height() const { return impl_->height; }

}  // namespace votercast::media::graphics
