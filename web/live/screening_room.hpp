#pragma once
// The screeners' view of waiting video callers (issue 15): a console asks over its staff
// stream (/ws) to screen a caller; the server offers it a WebRTC link (ScreenerLink) with
// the caller's picture, small, and their voice, and takes the screener's microphone back
// to the caller (talk-back). Screening never puts anyone on air: on air, the caller's
// voice and return belong to the programme, and the screener only watches.
//
// The staff stream's messages, each a JSON object:
//   console → server  {"type":"screen.start","caller_id":N}
//                     {"type":"screen.answer","caller_id":N,"sdp":"..."}
//                     {"type":"screen.ice","caller_id":N,"candidate":"...","sdpMLineIndex":M}
//                     {"type":"screen.stop","caller_id":N}
//   server → console  {"type":"screen.offer","caller_id":N,"sdp":"...","ice_servers":[...]}
//                     {"type":"screen.ice","caller_id":N,"candidate":"...","sdpMLineIndex":M}
//                     {"type":"screen.state","caller_id":N,"state":"connecting|connected|lost"}
//                     {"type":"screen.ended","caller_id":N,"code":"...","message":"..."}
//                     {"type":"error","code":"bad_message","message":"..."}
// One screening per console: starting another ends the one before. A console that
// closes its stream ends its screening; so does the caller's link ending.
//
// Threads: the public calls on the io thread, except stop() (at shutdown, once the io
// thread has stopped). Links are built and destroyed on a thread of their own; their
// callbacks come back through post_to_io and are dropped when stale.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "media/call/screener_link.hpp"
#include "web/live/caller_slot.hpp"
#include "web/live/screening_pump.hpp"
#include "web/net/blocking_worker.hpp"
#include "web/net/ws_connection.hpp"

namespace votercast::web {

class ScreeningRoom {
 public:
  using PostToIo = std::function<void(std::function<void()>)>;
  // The caller's media, null when they have no link (StudioSignalling::screening_slot).
  using SlotFor = std::function<std::shared_ptr<CallerSlot>(std::int64_t caller_id)>;

  struct Options {
    media::call::ScreenerLinkSettings link;  // each link's name is made here
    int max_screenings = 4;                  // links at once, across consoles
    // The studio link's turn_server for a screening of caller_id (its own credentials,
    // as the caller's link has); unset: link.turn_server as it is.
    std::function<std::string(std::int64_t caller_id)> turn_server_for;
    // The console's RTCIceServer list for that screening (screen.offer's ice_servers), so
    // that a console off the studio's network reaches it through the relay; unset: none.
    std::function<nlohmann::json(std::int64_t caller_id)> console_ice_servers_for;
  };

  ScreeningRoom(Options options, PostToIo post_to_io, SlotFor slot_for);
  ~ScreeningRoom();  // stop()
  ScreeningRoom(const ScreeningRoom&) = delete;
  ScreeningRoom& operator=(const ScreeningRoom&) = delete;

  // Ends every screening and waits until each link is destroyed; nobody is told.
  void stop();

  // A console's stream opened; may_screen: its user holds screen_calls.
  void console_opened(const std::shared_ptr<WsConnection>& connection, bool may_screen);
  void console_closed(WsConnection* connection);
  bool is_console(WsConnection* connection) const { return consoles_.contains(connection); }
  // A text frame from a console's stream.
  void received(WsConnection* connection, const std::string& text);
  // The caller's link has ended: whoever screens them is told, and their screening ends.
  void caller_gone(std::int64_t caller_id);

  std::size_t screenings() const;
  // How many consoles are screening the caller.
  std::size_t watching(std::int64_t caller_id) const;

 private:
  struct Screening {
    std::uint64_t serial = 0;
    std::int64_t caller_id = 0;
    std::shared_ptr<CallerSlot> slot;
    std::unique_ptr<media::call::ScreenerLink> media;  // media thread only
  };
  struct Console {
    std::weak_ptr<WsConnection> connection;
    bool may_screen = false;
    std::shared_ptr<Screening> screening;
  };

  void start(WsConnection* key, Console& console, std::int64_t caller_id);
  void answer(Console& console, std::int64_t caller_id, const nlohmann::json& message);
  void candidate(Console& console, std::int64_t caller_id, const nlohmann::json& message);
  void end(Console& console);
  // The link's callbacks, on the io thread: nullptr unless the screening is still on.
  Console* current(WsConnection* key, std::uint64_t serial);
  media::call::ScreenerLink::Callbacks callbacks_for(WsConnection* key, std::uint64_t serial, std::int64_t caller_id);
  static void send(Console& console, const nlohmann::json& message);
  static void ended(Console& console, std::int64_t caller_id, const std::string& code, const std::string& message);

  const Options options_;
  const PostToIo post_to_io_;
  const SlotFor slot_for_;
  std::map<WsConnection*, Console> consoles_;
  std::uint64_t serials_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  ScreeningPump pump_;
  // Last: stopped (finishing its tasks, which use the pump) before the rest goes.
  BlockingWorker media_thread_{SIZE_MAX, BlockingWorker::OnStop::finish_all};
};

}  // namespace votercast::web
