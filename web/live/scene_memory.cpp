#include "web/live/scene_memory.hpp"

#include <nlohmann/json.hpp>

#include "core/store/caller_table.hpp"
#include "core/store/setting_table.hpp"
#include "core/store/show_table.hpp"
#include "media/graphics/scene_json.hpp"
#include "web/live/caller_video.hpp"
#include "web/live/control_room.hpp"
#include "web/live/poll_room.hpp"

namespace votercast::web {
namespace {

constexpr const char* kSetting = "programme.scene";

}  // namespace

void remember_scene(core::store::Database& db, const std::string& scene_json, std::int64_t now_ms,
                    const std::string& actor) {
  const auto show = core::store::open_show(db);
  nlohmann::json kept = {{"show_id", show ? nlohmann::json(show->id) : nlohmann::json(nullptr)},
                         {"scene", nlohmann::json::parse(scene_json)}};
  core::store::save_setting(db, kSetting, {kept.dump(), now_ms, actor});
}

std::optional<media::graphics::Scene> scene_to_resume(core::store::Database& db) {
  const auto show = core::store::open_show(db);
  if (!show) return std::nullopt;
  const auto setting = core::store::load_setting(db, kSetting);
  if (!setting) return std::nullopt;
  try {
    const auto kept = nlohmann::json::parse(setting->value);
    if (kept.at("show_id") != show->id) return std::nullopt;
    return media::graphics::scene_from_json(kept.at("scene"));
  } catch (const std::exception&) {
    return std::nullopt;  // unreadable (a newer or older layout): start from the opening scene
  }
}

void resume_programme(core::store::Database& reader, ControlRoom& room, PollRoom& polls, CallerFeeds& feeds) {
  auto scene = scene_to_resume(reader);
  if (!scene) return;
  const auto lower_third = scene->lower_third;
  const auto show = core::store::open_show(reader);
  const auto caller = core::store::caller_on_air(reader, show ? std::optional(show->id) : std::nullopt);
  if (scene->caller_video.visible) {
    const auto video = scene->caller_video.content;  // a copy: the scene is moved into the call
    if (caller && caller->name == video.name)
      *scene = show_caller_video(room, feeds, caller->id, video.name, video.layout, std::move(*scene));
    else
      scene->caller_video.visible = false;
  }
  room.graphics().set_scene(std::move(*scene));
  polls.resume_on_air();
  if (lower_third.visible && caller && caller->name == lower_third.content.name)
    room.caller_on_screen = ControlRoom::CallerOnScreen{caller->id, lower_third.content};
}

}  // namespace votercast::web
