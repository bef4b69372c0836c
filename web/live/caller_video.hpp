#pragma once
// A video caller on the programme (issue 15). Taking a caller to air puts their picture
// (from their call) under the caller_video layer, with their name and a layout, and their
// voice into the programme's sound (they hear it back without themselves); ending the
// call takes all of it away; while their link is down the layer shows the lost-call card.
// Each returns the scene to set, so that the caller's picture, their lower third and the
// question card they replace change in one generation, on one frame. io thread.
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "media/graphics/scene.hpp"
#include "web/live/caller_feeds.hpp"
#include "web/live/control_room.hpp"

namespace votercast::web {

using CallerLayout = media::graphics::CallerVideo::Layout;

// "pip" or "side_by_side"; nullopt for anything else.
std::optional<CallerLayout> parse_caller_layout(std::string_view name);

// A feed that can be taken to air: connected, or lost (the card stands in until it is back).
bool feed_can_go_on_air(FeedState state);
// Anything but connected shows the card: lost, and a link gone or coming again.
inline bool feed_shows_lost(FeedState state) { return state != FeedState::connected; }

// The layer's content for a caller, as a merge patch (scene_json.hpp).
nlohmann::json caller_video_content(std::string_view name, CallerLayout layout, bool lost);

// Puts caller `id`'s picture under the layer and their voice on air and returns `scene` with the layer up (a cut:
// a TAKE), their name on it, in `layout`, lost when the feed is not connected.
media::graphics::Scene show_caller_video(ControlRoom& room, CallerFeeds& feeds, std::int64_t id, std::string_view name,
                                         CallerLayout layout, media::graphics::Scene scene);

// Whether caller `id`'s picture is the one on the programme.
bool shows_caller_video(const ControlRoom& room, std::int64_t id);

// When caller `id`'s picture is on the programme: `scene` with the layer down (a cut; a fade
// would dissolve into an empty box), and false otherwise. Call let_go_caller_video with the
// generation that set it.
bool hide_caller_video(ControlRoom& room, std::int64_t id, media::graphics::Scene& scene);
void let_go_caller_video(ControlRoom& room, std::uint64_t generation);

// The link of caller `id` changed: the lost card goes up or down when theirs is the picture
// on the programme. Returns the generation, or 0 when nothing changed.
std::uint64_t follow_caller_feed(ControlRoom& room, std::int64_t id, FeedState state);

}  // namespace votercast::web
