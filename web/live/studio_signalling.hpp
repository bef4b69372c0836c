#pragma once
// The studio's side of the callers' WebRTC signalling (issue 15): one media::call::CallerLink
// per caller who offered, answering their phone's offer and trickling ICE both ways over
// the phone's socket (CallLines), and the callers' media as the rest of the server sees it
// (CallerFeeds: a picture and a voice for the programme, the state for the control room
// and console).
//
// A socket is not the call: when a phone's socket closes, its media goes on (or shows as
// lost when the browser has gone), and the phone may come back and offer again, which
// replaces the link. A link ends on "bye", when the studio ends the call (call_over), when
// its offer or negotiation fails, and when its phone has been gone for orphan_grace while
// no media arrives.
//
// Threads: everything public on the io thread, except picture()'s and sound()'s (the
// programme's streaming threads) and stop() (at shutdown, once the io thread has stopped). Building,
// feeding and destroying links takes GStreamer state changes (tens of milliseconds): that
// runs on a thread of its own, in order; the links' callbacks come back to the io thread
// through post_to_io, and are dropped there when their link is no longer the caller's.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "media/call/caller_link.hpp"
#include "web/config/call_settings.hpp"
#include "web/live/call_signalling.hpp"
#include "web/live/caller_feeds.hpp"
#include "web/live/caller_slot.hpp"
#include "web/net/blocking_worker.hpp"

namespace votercast::web {

// The links' settings from [calls]: ICE servers and the addresses to gather on.
media::call::CallerLinkSettings caller_link_settings(const CallSettings& calls);

class StudioSignalling final : public CallSignalling, public CallerFeeds {
 public:
  // Runs a function on the io thread (the server's post); callable from any thread.
  using PostToIo = std::function<void(std::function<void()>)>;

  struct Options {
    media::call::CallerLinkSettings link;  // each link's name is the caller's
    int max_calls = 8;                     // links at once; a phone gone makes room first
    // A link whose phone's socket has closed, with no media arriving, ends after this:
    // long enough for the page's reconnects (2, 4, 8 s), short enough to free the line.
    std::chrono::milliseconds orphan_grace{15'000};
    // The TURN server for a caller's link, in place of link.turn_server: credentials of
    // that call's own (call_ice_servers.hpp). Empty: link.turn_server for every call.
    std::function<std::string(std::int64_t caller_id)> turn_server_for;
  };

  StudioSignalling(Options options, PostToIo post_to_io);
  ~StudioSignalling() override;  // stop()
  StudioSignalling(const StudioSignalling&) = delete;
  StudioSignalling& operator=(const StudioSignalling&) = delete;

  // Ends every link and waits until each is destroyed. Not on a running io thread; nothing
  // is told (the server is going down).
  void stop();

  void caller_connected(std::int64_t caller_id, SendToCaller send) override;
  void caller_message(std::int64_t caller_id, const nlohmann::json& message) override;
  void caller_disconnected(std::int64_t caller_id) override;
  void call_over(std::int64_t caller_id) override;

  media::CallerPictureSource picture(std::int64_t caller_id) override;
  media::SoundInsert sound(std::int64_t caller_id) override;
  FeedState state(std::int64_t caller_id) const override;

  // The caller's media for a screener (ScreeningRoom); null when the caller has no link.
  std::shared_ptr<CallerSlot> screening_slot(std::int64_t caller_id);

  // Ends links whose phone has been gone for orphan_grace without media; every second.
  void sweep();

  // What the screener's API shows of a caller's link.
  struct LinkReport {
    FeedState state = FeedState::none;
    bool phone_connected = false;  // the phone's socket is open
    std::optional<media::call::CallerStats> stats;  // none until the link is built
  };
  std::optional<LinkReport> report(std::int64_t caller_id) const;
  std::size_t links() const;

 private:
  // One CallerLink. `media` is made, used and destroyed on the media thread only.
  struct Link {
    std::uint64_t serial = 0;  // tells this link's callbacks from a later link's
    std::int64_t caller_id = 0;
    std::shared_ptr<CallerSlot> slot;
    std::unique_ptr<media::call::CallerLink> media;
  };
  // A caller with a phone connected or a link, io thread only.
  struct Call {
    SendToCaller send;     // empty while the phone's socket is closed
    bool offered = false;  // the phone offered on this socket (once per socket)
    std::shared_ptr<Link> link;
    FeedState state = FeedState::none;
    std::chrono::steady_clock::time_point gone_since;  // when the socket closed
  };

  void take_offer(std::int64_t caller_id, Call& call, const nlohmann::json& message);
  void take_candidate(Call& call, const nlohmann::json& message);
  // Makes room for one more link: ends the longest-gone phone's link when at max_calls.
  bool make_room();
  void end_link(std::int64_t caller_id, Call& call);
  void set_state(std::int64_t caller_id, Call& call, FeedState state);
  void forget_if_idle(std::int64_t caller_id);
  // The link's callbacks, on the io thread: nullptr unless it is still the caller's link.
  Call* current(std::int64_t caller_id, std::uint64_t serial);
  void on_link_state(std::int64_t caller_id, std::uint64_t serial, media::call::CallState state,
                     const std::string& reason);
  void on_link_failed(std::int64_t caller_id, std::uint64_t serial, const std::string& code, const std::string& why);
  media::call::CallerLink::Callbacks callbacks_for(std::int64_t caller_id, std::uint64_t serial);
  std::shared_ptr<CallerSlot> slot_for(std::int64_t caller_id);
  static void send(Call& call, const nlohmann::json& message);

  const Options options_;
  const PostToIo post_to_io_;
  std::map<std::int64_t, Call> calls_;
  // A caller's slot lives while a link or a picture source holds it: a source taken before
  // the caller connects, or kept across a reconnect, shows whichever link is theirs.
  std::map<std::int64_t, std::weak_ptr<CallerSlot>> slots_;
  std::uint64_t serials_ = 0;
  // Checked by the callbacks posted to the io thread: this object is still there.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  // Last: stopped (finishing its tasks) before the rest goes.
  BlockingWorker media_thread_{SIZE_MAX, BlockingWorker::OnStop::finish_all};
};

}  // namespace votercast::web
