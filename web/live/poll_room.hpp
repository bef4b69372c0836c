#pragma once
// The live side of the viewers' polls, on the io thread: the tally of committed votes,
// voters' device cookies and per-address limits, the votes refused by reason, the counts
// sent to consoles a few times a second, and the poll layer on the programme kept in
// step with them.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "core/device_token.hpp"
#include "core/poll.hpp"
#include "core/poll_vote.hpp"
#include "core/rate_bucket.hpp"
#include "core/store/database.hpp"
#include "web/live/control_room.hpp"
#include "web/live/event_hub.hpp"
#include "web/live/vote_refusals.hpp"
#include "web/net/http_types.hpp"
#include "web/config/poll_settings.hpp"

namespace votercast::web {

class PollRoom {
 public:
  static constexpr const char* kDeviceCookie = "vc_device";

  PollRoom(core::store::Database& reader, EventHub& hub, ControlRoom& control_room, const PollSettings& settings,
           const core::DeviceTokens::Key& device_key, bool secure_cookies);

  // Before serving: the tallies of polls still open or in draft, and of the open show's.
  // (Later ones start empty when created: no vote can be in flight for them.)
  void load();
  // After a restart put the scene back: if the poll layer shows the open poll, its
  // bars follow the counts again (from the next tick).
  void resume_on_air();
  void track_new(std::int64_t poll_id);
  // A committed vote; called in commit order, on the io thread.
  void apply(const core::VoteResult& result);
  // Live counts for a tracked poll; the stored votes for any other (closed long ago).
  std::unordered_map<std::string, std::int64_t> counts(std::int64_t poll_id);
  // A web vote refused, counted for its poll if tracked (so the counts stay bounded by
  // the polls that exist: a made-up poll id counts nowhere). Kept in memory only: they
  // are for watching the show, and start again from zero after a restart.
  void refuse(std::int64_t poll_id, VoteRefusal reason);
  VoteRefusalCounts refused(std::int64_t poll_id) const;
  // The poll as staff see it: with its live counts and "refused" by reason.
  std::string staff_json_text(const core::Poll& poll);

  // The voter's device id from a valid, unexpired cookie, or nullopt.
  std::optional<std::string> device_of(const Request& request) const;
  // A new device: its id and the Set-Cookie header for it (good for [polls]
  // device_lifetime_seconds). Only a page of this site asks for one (polls_api.cpp).
  std::pair<std::string, std::string> new_device();
  // One vote from this address within the configured limit.
  bool admit_vote(const std::string& address) { return per_address_.admit(address); }

  // Shows (or hides) this poll on the programme; its bars then follow the counts.
  std::uint64_t show_on_air(const core::Poll& poll, bool visible, bool final);
  // The periodic step: counts to consoles, and the poll on air brought up to date
  // (frozen as the final result once its poll has closed).
  void tick();
  int ticks_per_second() const { return settings_.results_per_second; }
  // Told when tick() froze the poll on air as final: the one change to the programme no
  // operator made, logged like theirs so that every control room hears of it.
  std::function<void(std::uint64_t generation)> on_frozen;

 private:
  core::store::Database& reader_;
  EventHub& hub_;
  ControlRoom& control_room_;
  const PollSettings& settings_;
  core::DeviceTokens devices_;
  bool secure_cookies_;
  core::RateBuckets per_address_;
  core::PollTally tally_;
  std::set<std::int64_t> tracked_;
  std::set<std::int64_t> moved_;  // polls whose counts changed since the last tick
  std::unordered_map<std::int64_t, VoteRefusalCounts> refused_;  // tracked polls only
  std::set<std::int64_t> refused_moved_;  // polls with refusals since the last tick (not the bars on air)
  std::optional<std::int64_t> on_air_;
};

}  // namespace votercast::web
