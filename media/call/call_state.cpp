#include "media/call/call_state.hpp"

namespace votercast::media::call {

const char* to_string(CallState state) {
  switch (state) {
    case CallState::connecting: return "connecting";
    case CallState::connected: return "connected";
    case CallState::lost: return "lost";
    case CallState::closed: return "closed";
    case CallState::failed: return "failed";
  }
  return "?";
}

}  // namespace votercast::media::call
