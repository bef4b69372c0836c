#pragma once
// The programme's graphics outlive a restart of the server: each logged change also
// keeps the whole scene, with the show it belongs to, in the settings table (in the
// same transaction), and a server that starts while that show is still open puts the
// scene back on air. A scene from a show since closed is never brought back.
#include <cstdint>
#include <optional>
#include <string>

#include "core/store/database.hpp"
#include "media/graphics/scene.hpp"

namespace votercast::web {

class CallerFeeds;
class ControlRoom;
class PollRoom;

// Inside a writer job: keeps `scene_json` (the scene as scene_to_json writes it).
void remember_scene(core::store::Database& db, const std::string& scene_json, std::int64_t now_ms,
                    const std::string& actor);

// The scene to resume at start: the one remembered for the show open now, if any.
std::optional<media::graphics::Scene> scene_to_resume(core::store::Database& db);

// At start: puts that scene back on air, and the poll's bars and the caller's lower third
// keep following their desks (the lower third only if it still shows the caller on air).
// The caller's picture comes back only for the caller still on air, from their feed (the
// lost-call card until their phone is back: a link does not outlive the server); else its
// layer comes back down, not as an empty box on air.
void resume_programme(core::store::Database& reader, ControlRoom& room, PollRoom& polls, CallerFeeds& feeds);

}  // namespace votercast::web
