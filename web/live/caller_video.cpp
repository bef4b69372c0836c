#include "web/live/caller_video.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "media/graphics/scene_json.hpp"

namespace votercast::web {

namespace graphics = media::graphics;

std::optional<CallerLayout> parse_caller_layout(std::string_view name) {
  if (name == "pip") return CallerLayout::pip;
  if (name == "side_by_side") return CallerLayout::side_by_side;
  return std::nullopt;
}

bool feed_can_go_on_air(FeedState state) { return state == FeedState::connected || state == FeedState::lost; }

nlohmann::json caller_video_content(std::string_view name, CallerLayout layout, bool lost) {
  return {{"name", std::string(name)},
          {"layout", layout == CallerLayout::side_by_side ? "side_by_side" : "pip"},
          {"lost", lost}};
}

graphics::Scene show_caller_video(ControlRoom& room, CallerFeeds& feeds, std::int64_t id, std::string_view name,
                                  CallerLayout layout, graphics::Scene scene) {
  auto patch = caller_video_content(name, layout, feed_shows_lost(feeds.state(id)));
  patch["visible"] = true;
  patch["transition"] = {{"type", "cut"}, {"ms", 0}};
  scene = graphics::patch_layer(scene, "caller_video", patch);  // throws before the picture changes
  room.put_caller_media(feeds.picture(id), feeds.sound(id));
  room.caller_video_on_screen = id;
  return scene;
}

bool shows_caller_video(const ControlRoom& room, std::int64_t id) {
  return room.caller_video_on_screen && *room.caller_video_on_screen == id;
}

bool hide_caller_video(ControlRoom& room, std::int64_t id, graphics::Scene& scene) {
  if (!shows_caller_video(room, id)) return false;
  room.caller_video_on_screen.reset();
  scene.caller_video.visible = false;
  scene.caller_video.transition = {};
  return true;
}

void let_go_caller_video(ControlRoom& room, std::uint64_t generation) { room.let_go_caller_media(generation); }

std::uint64_t follow_caller_feed(ControlRoom& room, std::int64_t id, FeedState state) {
  if (!shows_caller_video(room, id)) return 0;
  auto& engine = room.graphics();
  const bool lost = feed_shows_lost(state);
  if (engine.scene().caller_video.content.lost == lost) return 0;
  return engine.patch_layer("caller_video", {{"lost", lost}});
}

}  // namespace votercast::web
