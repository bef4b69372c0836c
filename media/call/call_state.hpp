#pragma once
// The states of one caller's connection, as the studio sees them.
namespace votercast::media::call {

enum class CallState {
  connecting,  // offer taken, ICE or the first media still on its way
  connected,   // ICE up and media arriving
  lost,        // was connected, now ICE is disconnected or no media for the silence timeout;
               // becomes connected again if media returns
  closed,      // ended by us (close()) or by ICE closing: final
  failed,      // bad offer, negotiation error, ICE failure or pipeline error: final
};

const char* to_string(CallState state);

}  // namespace votercast::media::call
