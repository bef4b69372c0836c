#pragma once
// A change to the programme's graphics, recorded in the event log once applied:
// who changed what (the audit trail), and the news for every open control room.
#include <exception>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "web/live/control_room.hpp"
#include "web/app_context.hpp"

namespace votercast::web {

// {"generation": N, "scene": {...}}: the scene as last asked for and its generation,
// taken together (a change made after the caller's own is included, never half of one).
nlohmann::json scene_answer(ControlRoom& room);

// Logs a "program.scene" event with scene_answer() and the layer changed (none: the
// whole scene); done(error, the payload text) runs after the commit.
void log_scene_change(AppContext& app, const std::string& actor, std::optional<std::string> layer,
                      std::function<void(std::exception_ptr, std::string)> done);

}  // namespace votercast::web
