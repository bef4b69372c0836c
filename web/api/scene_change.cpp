#include "web/api/scene_change.hpp"

#include <nlohmann/json.hpp>

#include "media/graphics/scene_json.hpp"
#include "web/live/scene_memory.hpp"

namespace votercast::web {

nlohmann::json scene_answer(ControlRoom& room) {
  auto now = room.graphics().current_scene();
  return {{"generation", now.generation}, {"scene", media::graphics::scene_to_json(now.scene)}};
}

void log_scene_change(AppContext& app, const std::string& actor, std::optional<std::string> layer,
                      std::function<void(std::exception_ptr, std::string)> done) {
  auto payload = scene_answer(app.control_room);
  payload["layer"] = layer ? nlohmann::json(*layer) : nlohmann::json(nullptr);
  auto text = payload.dump();
  app.writer.submit(
      [actor, text, scene = payload["scene"].dump()](core::store::WriteContext& ctx) {
        ctx.emit("program.scene", actor, std::nullopt, text);
        remember_scene(ctx.db(), scene, ctx.now_ms(), actor);
      },
      [done = std::move(done), text](std::exception_ptr error) { done(error, text); });
}

}  // namespace votercast::web
