#pragma once
// What a WebRTC link (CallerLink, ScreenerLink) tells the studio, on the link's own thread,
// in the order it happened (see caller_link.hpp for the threading rules).
#include <functional>
#include <string>

#include "media/call/call_state.hpp"

namespace votercast::media::call {

struct LinkCallbacks {
  // Our session description (type "offer" or "answer"), to be sent to the browser. It comes
  // before our first candidate.
  std::function<void(const std::string& type, const std::string& sdp)> on_local_description;
  // A local ICE candidate for the browser ("candidate:..." line, its m-line index).
  std::function<void(unsigned mline_index, const std::string& candidate)> on_ice_candidate;
  // connecting → connected once ICE is up and the peer's packets arrive; lost when ICE is
  // disconnected or nothing came for the link's silence timeout (connected again when
  // packets return); failed; closed.
  std::function<void(CallState state, const std::string& reason)> on_state;
};

}  // namespace votercast::media::call
