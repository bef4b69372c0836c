#include "web/live/studio_signalling.hpp"

#include <iostream>
#include <span>
#include <stdexcept>
#include <vector>

namespace votercast::web {
namespace {

using media::call::CallState;

constexpr const char* kCallFailed =
    "Không truyền được hình và tiếng tới trường quay. Mạng của bạn có thể đang chặn cuộc gọi: hãy bấm \"Thử lại\" "
    "hoặc đổi sang mạng khác. / The call could not connect; your network may be blocking it.";

nlohmann::json error_message(const std::string& code, const std::string& message) {
  return {{"type", "error"}, {"code", code}, {"message", message}};
}

}  // namespace

media::call::CallerLinkSettings caller_link_settings(const CallSettings& calls) {
  media::call::CallerLinkSettings settings;
  settings.stun_server = calls.stun_server;
  settings.turn_server = calls.turn_server;
  settings.local_addresses = calls.ice_addresses;
  return settings;
}

StudioSignalling::StudioSignalling(Options options, PostToIo post_to_io)
    : options_(std::move(options)), post_to_io_(std::move(post_to_io)) {}

StudioSignalling::~StudioSignalling() { stop(); }

void StudioSignalling::stop() {
  for (auto& [id, call] : calls_) {
    if (!call.link) continue;
    media_thread_.run([link = std::move(call.link)] {
      if (!link->media) return;
      link->slot->detach(link->media.get());
      link->media.reset();
    });
  }
  calls_.clear();
  media_thread_.stop();
}

void StudioSignalling::send(Call& call, const nlohmann::json& message) {
  if (call.send) call.send(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void StudioSignalling::caller_connected(std::int64_t caller_id, SendToCaller send) {
  auto& call = calls_[caller_id];
  call.send = std::move(send);
  // A phone coming back offers again unless its media still flows; either way the link
  // stays until then.
  call.offered = false;
}

void StudioSignalling::caller_disconnected(std::int64_t caller_id) {
  const auto it = calls_.find(caller_id);
  if (it == calls_.end()) return;
  it->second.send = {};
  it->second.offered = false;
  it->second.gone_since = std::chrono::steady_clock::now();
  forget_if_idle(caller_id);
}

void StudioSignalling::call_over(std::int64_t caller_id) {
  const auto it = calls_.find(caller_id);
  if (it == calls_.end()) return;
  if (it->second.link) end_link(caller_id, it->second);
  calls_.erase(caller_id);
}

void StudioSignalling::caller_message(std::int64_t caller_id, const nlohmann::json& message) {
  const auto it = calls_.find(caller_id);
  if (it == calls_.end()) return;
  auto& call = it->second;
  const auto type = message.value("type", "");
  if (type == "offer") return take_offer(caller_id, call, message);
  if (type == "ice") return take_candidate(call, message);
  if (type == "bye") {
    if (call.link) end_link(caller_id, call);
    return;
  }
  // "answer": the studio answers, the phone does not.
  send(call, error_message("unexpected_answer", "the studio answers; the page offers"));
}

void StudioSignalling::take_offer(std::int64_t caller_id, Call& call, const nlohmann::json& message) {
  const auto sdp = message.find("sdp");
  if (sdp == message.end() || !sdp->is_string() || sdp->get_ref<const std::string&>().empty())
    return send(call, error_message("bad_offer", "an offer needs its SDP in 'sdp'"));
  if (call.offered) return send(call, error_message("offer_again", "one offer per connection: reconnect to offer again"));
  call.offered = true;
  // The phone came back and starts afresh: its old link (if any) gives way.
  if (call.link) end_link(caller_id, call);
  if (!make_room())
    return send(call, error_message("calls_full", "Các đường gọi video đang bận hết. Xin thử lại sau ít phút. / Every video line is busy."));

  auto link = std::make_shared<Link>();
  link->serial = ++serials_;
  link->caller_id = caller_id;
  link->slot = slot_for(caller_id);
  call.link = link;
  set_state(caller_id, call, FeedState::connecting);

  auto settings = options_.link;
  settings.name = "caller-" + std::to_string(caller_id) + "-" + std::to_string(link->serial);
  if (options_.turn_server_for) settings.turn_server = options_.turn_server_for(caller_id);
  media_thread_.run([this, link, settings = std::move(settings), callbacks = callbacks_for(caller_id, link->serial),
                     offer = sdp->get<std::string>()]() mutable {
    try {
      link->media = std::make_unique<media::call::CallerLink>(std::move(settings), std::move(callbacks));
    } catch (const std::exception& e) {
      std::cerr << "votercast: caller " << link->caller_id << ": " << e.what() << std::endl;
      post_to_io_([this, alive = std::weak_ptr<bool>(alive_), id = link->caller_id, serial = link->serial] {
        if (alive.lock()) on_link_failed(id, serial, "call_failed", kCallFailed);
      });
      return;
    }
    link->slot->attach(link->media.get());
    try {
      link->media->accept_offer(offer);
    } catch (const std::invalid_argument& e) {
      // Not SDP, or nothing the studio can receive: the phone is told, the link ends.
      post_to_io_([this, alive = std::weak_ptr<bool>(alive_), id = link->caller_id, serial = link->serial,
                   why = std::string(e.what())] {
        if (alive.lock())
          on_link_failed(id, serial, "bad_offer",
                         "Trường quay không nhận được hình và tiếng từ trình duyệt này (" + why +
                             "). Hãy thử Chrome, Firefox hoặc Safari mới nhất. / The studio cannot take this "
                             "browser's offer.");
      });
    }
  });
}

void StudioSignalling::take_candidate(Call& call, const nlohmann::json& message) {
  const auto candidate = message.find("candidate");
  const auto index = message.find("sdpMLineIndex");
  if (candidate == message.end() || !candidate->is_string())
    return send(call, error_message("bad_message", "an ICE candidate needs 'candidate' (a string)"));
  unsigned mline = 0;
  if (index != message.end() && !index->is_null()) {
    if (!index->is_number_unsigned() || index->get<std::uint64_t>() > 63)
      return send(call, error_message("bad_message", "'sdpMLineIndex' must be a small whole number"));
    mline = index->get<unsigned>();
  }
  if (!call.link) return;  // no offer yet (or the link has ended): nothing to add it to
  media_thread_.run([link = call.link, mline, text = candidate->get<std::string>()] {
    if (link->media) link->media->add_ice_candidate(mline, text);
  });
}

bool StudioSignalling::make_room() {
  std::size_t open = 0;
  std::map<std::int64_t, Call>::iterator gone = calls_.end();
  for (auto it = calls_.begin(); it != calls_.end(); ++it) {
    if (!it->second.link) continue;
    ++open;
    if (!it->second.send && (gone == calls_.end() || it->second.gone_since < gone->second.gone_since)) gone = it;
  }
  if (open < static_cast<std::size_t>(options_.max_calls)) return true;
  if (gone == calls_.end()) return false;
  const auto id = gone->first;
  end_link(id, gone->second);
  forget_if_idle(id);
  return true;
}

void StudioSignalling::end_link(std::int64_t caller_id, Call& call) {
  // Destroying a link takes its pipeline to NULL: off the io thread, after its queued work.
  media_thread_.run([link = std::move(call.link)] {
    if (!link->media) return;
    link->slot->detach(link->media.get());
    link->media.reset();
  });
  call.link.reset();
  set_state(caller_id, call, FeedState::none);
}

void StudioSignalling::set_state(std::int64_t caller_id, Call& call, FeedState state) {
  if (call.state == state) return;
  call.state = state;
  if (on_state) on_state(caller_id, state);
}

void StudioSignalling::forget_if_idle(std::int64_t caller_id) {
  const auto it = calls_.find(caller_id);
  if (it != calls_.end() && !it->second.send && !it->second.link) calls_.erase(it);
}

StudioSignalling::Call* StudioSignalling::current(std::int64_t caller_id, std::uint64_t serial) {
  const auto it = calls_.find(caller_id);
  if (it == calls_.end() || !it->second.link || it->second.link->serial != serial) return nullptr;
  return &it->second;
}

media::call::CallerLink::Callbacks StudioSignalling::callbacks_for(std::int64_t caller_id, std::uint64_t serial) {
  // On the link's own thread: each goes to the io thread, where the caller may have gone.
  media::call::CallerLink::Callbacks callbacks;
  std::weak_ptr<bool> alive = alive_;
  callbacks.on_local_description = [this, alive, caller_id, serial](const std::string& type, const std::string& sdp) {
    post_to_io_([this, alive, caller_id, serial, message = nlohmann::json{{"type", type}, {"sdp", sdp}}] {
      if (!alive.lock()) return;
      if (auto* call = current(caller_id, serial)) send(*call, message);
    });
  };
  callbacks.on_ice_candidate = [this, alive, caller_id, serial](unsigned mline, const std::string& candidate) {
    if (candidate.empty()) return;
    post_to_io_([this, alive, caller_id, serial,
                 message = nlohmann::json{{"type", "ice"}, {"candidate", candidate}, {"sdpMLineIndex", mline}}] {
      if (!alive.lock()) return;
      if (auto* call = current(caller_id, serial)) send(*call, message);
    });
  };
  callbacks.on_state = [this, alive, caller_id, serial](CallState state, const std::string& reason) {
    post_to_io_([this, alive, caller_id, serial, state, reason] {
      if (alive.lock()) on_link_state(caller_id, serial, state, reason);
    });
  };
  return callbacks;
}

void StudioSignalling::on_link_state(std::int64_t caller_id, std::uint64_t serial, CallState state,
                                     const std::string& reason) {
  Call* call = current(caller_id, serial);
  if (!call) return;
  switch (state) {
    case CallState::connecting: return set_state(caller_id, *call, FeedState::connecting);
    case CallState::connected: return set_state(caller_id, *call, FeedState::connected);
    case CallState::lost: return set_state(caller_id, *call, FeedState::lost);
    case CallState::failed:
      std::cerr << "votercast: caller " << caller_id << ": " << reason << std::endl;
      return on_link_failed(caller_id, serial, "call_failed", kCallFailed);
    case CallState::closed:
      end_link(caller_id, *call);
      return forget_if_idle(caller_id);
  }
}

void StudioSignalling::on_link_failed(std::int64_t caller_id, std::uint64_t serial, const std::string& code,
                                      const std::string& why) {
  Call* call = current(caller_id, serial);
  if (!call) return;
  send(*call, error_message(code, why));
  end_link(caller_id, *call);
  forget_if_idle(caller_id);
}

void StudioSignalling::sweep() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::int64_t> ended;
  for (auto& [id, call] : calls_) {
    if (call.send || !call.link || call.state == FeedState::connected) continue;
    if (now - call.gone_since >= options_.orphan_grace) ended.push_back(id);
  }
  for (const auto id : ended) {
    end_link(id, calls_.at(id));
    forget_if_idle(id);
  }
  std::erase_if(slots_, [](const auto& entry) { return entry.second.expired(); });
}

std::shared_ptr<CallerSlot> StudioSignalling::slot_for(std::int64_t caller_id) {
  auto& weak = slots_[caller_id];
  auto slot = weak.lock();
  if (!slot) {
    slot = std::make_shared<CallerSlot>();
    weak = slot;
  }
  return slot;
}

media::CallerPictureSource StudioSignalling::picture(std::int64_t caller_id) {
  return [slot = slot_for(caller_id)] { return slot->picture(); };
}

media::SoundInsert StudioSignalling::sound(std::int64_t caller_id) {
  // While the programme holds the insert, the caller's voice and return are the programme's.
  auto slot = slot_for(caller_id);
  return [slot, hold = slot->hold_for_programme()](std::span<std::int16_t> programme) { slot->mix_into(programme); };
}

std::shared_ptr<CallerSlot> StudioSignalling::screening_slot(std::int64_t caller_id) {
  const auto it = calls_.find(caller_id);
  if (it == calls_.end() || !it->second.link) return nullptr;
  return it->second.link->slot;
}

FeedState StudioSignalling::state(std::int64_t caller_id) const {
  const auto it = calls_.find(caller_id);
  return it == calls_.end() ? FeedState::none : it->second.state;
}

std::optional<StudioSignalling::LinkReport> StudioSignalling::report(std::int64_t caller_id) const {
  const auto it = calls_.find(caller_id);
  if (it == calls_.end() || !it->second.link) return std::nullopt;
  return LinkReport{it->second.state, static_cast<bool>(it->second.send), it->second.link->slot->stats()};
}

std::size_t StudioSignalling::links() const {
  std::size_t n = 0;
  for (const auto& [id, call] : calls_) n += call.link ? 1 : 0;
  return n;
}

}  // namespace votercast::web
