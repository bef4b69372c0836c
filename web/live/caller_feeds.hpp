#pragma once
// The video callers' media as the rest of the server sees it (issue 15): the signalling
// side keeps one WebRTC link per connected caller; the control room asks it for a caller's
// picture and voice when taking them to air, and hears when a link is lost or back.
// All calls on the io thread unless said otherwise.
#include <cstdint>
#include <functional>
#include <string_view>

#include "media/sound_insert.hpp"
#include "media/video_frame.hpp"

namespace votercast::web {

enum class FeedState {
  none,        // no link for this caller (never called, or the call ended)
  connecting,  // an offer is being answered, no media yet
  connected,   // media flowing
  lost,        // was connected, nothing arrives now (the network, a closed browser)
};

constexpr std::string_view to_string(FeedState s) {
  switch (s) {
    case FeedState::connecting: return "connecting";
    case FeedState::connected: return "connected";
    case FeedState::lost: return "lost";
    case FeedState::none: break;
  }
  return "none";
}

class CallerFeeds {
 public:
  virtual ~CallerFeeds() = default;
  // The caller's newest picture for the graphics. The returned source is called on the
  // programme's streaming thread and never waits; it returns null before the first picture
  // and keeps returning the last one once the link is gone (the layer then freezes).
  virtual media::CallerPictureSource picture(std::int64_t caller_id) = 0;
  // The caller's voice for the programme's sound, and the programme without it for them
  // (mix-minus); called on the programme audio's streaming thread, never waits.
  virtual media::SoundInsert sound(std::int64_t caller_id) = 0;
  virtual FeedState state(std::int64_t caller_id) const = 0;
  // Set by whoever wires the server: told (io thread) each time a caller's state changes.
  std::function<void(std::int64_t caller_id, FeedState state)> on_state;
};

// No media at all (tests, and a server built without calls): every caller is none.
class NoCallerFeeds final : public CallerFeeds {
 public:
  media::CallerPictureSource picture(std::int64_t) override { return {}; }
  media::SoundInsert sound(std::int64_t) override { return {}; }
  FeedState state(std::int64_t) const override { return FeedState::none; }
};

}  // namespace votercast::web
