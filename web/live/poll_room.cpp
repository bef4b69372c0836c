#include "web/live/poll_room.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/format/json_text.hpp"
#include "core/format/poll_json.hpp"
#include "core/store/poll_table.hpp"
#include "core/store/show_table.hpp"
#include "web/net/cookies.hpp"

namespace votercast::web {
namespace {

constexpr int kPollFadeMs = 400;

nlohmann::json layer_options(const core::Poll& poll, const std::unordered_map<std::string, std::int64_t>& counts) {
  auto options = nlohmann::json::array();
  for (const auto& o : poll.options) {
    const auto it = counts.find(o.code);
    options.push_back({{"code", o.code}, {"label", o.label}, {"votes", it == counts.end() ? 0 : it->second}});
  }
  return options;
}

}  // namespace

PollRoom::PollRoom(core::store::Database& reader, EventHub& hub, ControlRoom& control_room,
                   const PollSettings& settings, const core::DeviceTokens::Key& device_key, bool secure_cookies)
    : reader_(reader),
      hub_(hub),
      control_room_(control_room),
      settings_(settings),
      devices_(device_key, static_cast<std::int64_t>(settings.device_lifetime_seconds * 1000), core::now_ms),
      secure_cookies_(secure_cookies),
      per_address_(settings.votes_per_ip.burst, settings.votes_per_ip.per_second, core::now_ms) {}

void PollRoom::load() {
  std::set<std::int64_t> ids;
  for (const auto& p : core::store::open_polls(reader_)) ids.insert(p.id);
  const auto show = core::store::open_show(reader_);
  for (const auto& p : core::store::list_polls(reader_, show ? std::optional(show->id) : std::nullopt))
    ids.insert(p.id);
  for (const auto id : ids) {
    tally_.load(id, core::store::count_votes(reader_, id));
    tracked_.insert(id);
  }
}

void PollRoom::resume_on_air() {
  const auto& shown = control_room_.graphics().scene().poll;
  if (!shown.visible || shown.content.final) return;
  const auto poll = core::store::current_open_poll(reader_);
  if (!poll || poll->title != shown.content.title) return;
  on_air_ = poll->id;
  moved_.insert(poll->id);  // votes counted while the server was down: shown at the first tick
}

void PollRoom::track_new(std::int64_t poll_id) {
  if (tracked_.insert(poll_id).second) tally_.load(poll_id, {});
}

void PollRoom::apply(const core::VoteResult& result) {
  if (!result.counted) return;
  track_new(result.poll_id);  // a poll of a show opened since: none of its votes were counted before
  tally_.apply(result);
  moved_.insert(result.poll_id);
}

std::unordered_map<std::string, std::int64_t> PollRoom::counts(std::int64_t poll_id) {
  if (tracked_.contains(poll_id)) return tally_.counts(poll_id);
  return core::store::count_votes(reader_, poll_id);
}

void PollRoom::refuse(std::int64_t poll_id, VoteRefusal reason) {
  if (!tracked_.contains(poll_id)) return;
  refused_[poll_id].add(reason);
  refused_moved_.insert(poll_id);
}

VoteRefusalCounts PollRoom::refused(std::int64_t poll_id) const {
  const auto it = refused_.find(poll_id);
  return it == refused_.end() ? VoteRefusalCounts{} : it->second;
}

std::string PollRoom::staff_json_text(const core::Poll& poll) {
  return core::JsonObjectText()
      .merge(core::poll_json_text(poll, counts(poll.id)))
      .raw("refused", refused(poll.id).json_text())
      .finish();
}

std::optional<std::string> PollRoom::device_of(const Request& request) const {
  const auto token = cookie_value(request, kDeviceCookie);
  return token ? devices_.verify(*token) : std::nullopt;
}

std::pair<std::string, std::string> PollRoom::new_device() {
  const auto token = devices_.issue();
  // The browser drops it when the server would refuse it anyway (rounded up: never before).
  const auto max_age_s = (devices_.lifetime_ms() + 999) / 1000;
  std::string cookie = std::string(kDeviceCookie) + "=" + token +
                       "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_s);
  if (secure_cookies_) cookie += "; Secure";
  return {*devices_.verify(token), cookie};
}

std::uint64_t PollRoom::show_on_air(const core::Poll& poll, bool visible, bool final) {
  on_air_ = visible ? std::optional(poll.id) : std::nullopt;
  nlohmann::json patch = {{"visible", visible}, {"transition", {{"type", "fade"}, {"ms", kPollFadeMs}}}};
  if (visible) {
    patch["title"] = poll.title;
    patch["options"] = layer_options(poll, counts(poll.id));
    patch["final"] = final || poll.state == core::PollState::closed;
  }
  return control_room_.graphics().patch_layer("poll", patch);
}

void PollRoom::tick() {
  // Refusals ride on the same frames, throttled alike: a flood of them costs the
  // consoles a few frames a second, and the programme's bars nothing.
  auto to_tell = moved_;
  to_tell.insert(refused_moved_.begin(), refused_moved_.end());
  for (const auto id : to_tell) {
    const auto poll = core::store::load_poll(reader_, id);
    if (!poll) continue;
    hub_.notify(core::JsonObjectText()
                    .str("type", "poll.tally")
                    .merge(core::poll_counts_json_text(*poll, tally_.counts(id)))
                    .raw("refused", refused(id).json_text())
                    .finish());
  }
  refused_moved_.clear();
  const bool moved_on_air = on_air_ && moved_.contains(*on_air_);
  moved_.clear();
  if (!on_air_) return;
  auto& graphics = control_room_.graphics();
  const auto shown = graphics.scene().poll;
  if (!shown.visible) {  // the operator cleared the layer by hand
    on_air_.reset();
    return;
  }
  const auto poll = core::store::load_poll(reader_, *on_air_);
  if (!poll) return;
  const bool closed_now = poll->state == core::PollState::closed && !shown.content.final;
  if (!moved_on_air && !closed_now) return;
  nlohmann::json patch = {{"options", layer_options(*poll, counts(poll->id))}};
  if (closed_now) patch["final"] = true;
  const auto generation = graphics.patch_layer("poll", patch);
  if (closed_now && on_frozen) on_frozen(generation);
}

}  // namespace votercast::web
