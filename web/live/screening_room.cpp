#include "web/live/screening_room.hpp"

#include <iostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace votercast::web {
namespace {

using media::call::CallState;

nlohmann::json bad_message(const std::string& why) {
  return {{"type", "error"}, {"code", "bad_message"}, {"message", why}};
}

}  // namespace

ScreeningRoom::ScreeningRoom(Options options, PostToIo post_to_io, SlotFor slot_for)
    : options_(std::move(options)), post_to_io_(std::move(post_to_io)), slot_for_(std::move(slot_for)) {}

ScreeningRoom::~ScreeningRoom() { stop(); }

void ScreeningRoom::stop() {
  for (auto& [key, console] : consoles_)
    if (console.screening) end(console);
  consoles_.clear();
  media_thread_.stop();
  pump_.stop();
}

void ScreeningRoom::send(Console& console, const nlohmann::json& message) {
  if (auto connection = console.connection.lock())
    connection->send(std::make_shared<const std::string>(
        message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

void ScreeningRoom::ended(Console& console, std::int64_t caller_id, const std::string& code,
                          const std::string& message) {
  send(console, {{"type", "screen.ended"}, {"caller_id", caller_id}, {"code", code}, {"message", message}});
}

void ScreeningRoom::console_opened(const std::shared_ptr<WsConnection>& connection, bool may_screen) {
  consoles_[connection.get()] = Console{connection, may_screen, nullptr};
}

void ScreeningRoom::console_closed(WsConnection* connection) {
  const auto it = consoles_.find(connection);
  if (it == consoles_.end()) return;
  if (it->second.screening) end(it->second);
  consoles_.erase(it);
}

void ScreeningRoom::received(WsConnection* connection, const std::string& text) {
  const auto it = consoles_.find(connection);
  if (it == consoles_.end()) return;
  auto& console = it->second;
  const auto message = nlohmann::json::parse(text, nullptr, false);
  if (!message.is_object() || !message.contains("type") || !message["type"].is_string())
    return send(console, bad_message("a message is a JSON object with a 'type'"));
  const auto& type = message["type"].get_ref<const std::string&>();
  const auto id = message.find("caller_id");
  if (id == message.end() || !id->is_number_integer() || id->get<std::int64_t>() < 1)
    return send(console, bad_message("'" + type + "' needs 'caller_id', a caller's number"));
  const auto caller_id = id->get<std::int64_t>();
  if (!console.may_screen)
    return ended(console, caller_id, "forbidden",
                 "Tài khoản này không được sàng lọc người gọi. / This account may not screen callers.");
  if (type == "screen.start") return start(connection, console, caller_id);
  if (type == "screen.answer") return answer(console, caller_id, message);
  if (type == "screen.ice") return candidate(console, caller_id, message);
  if (type == "screen.stop") {
    if (console.screening && console.screening->caller_id == caller_id) end(console);
    return;
  }
  send(console, bad_message("unknown type '" + type + "'"));
}

void ScreeningRoom::start(WsConnection* key, Console& console, std::int64_t caller_id) {
  if (console.screening) end(console);  // one at a time: the screener moved on
  auto slot = slot_for_(caller_id);
  if (!slot)
    return ended(console, caller_id, "no_caller_video",
                 "Người gọi chưa kết nối video. / The caller has no video connected.");
  if (screenings() >= static_cast<std::size_t>(options_.max_screenings))
    return ended(console, caller_id, "screenings_full",
                 "Đang sàng lọc quá nhiều cuộc gọi cùng lúc; hãy đóng bớt. / Too many screenings at once.");

  auto screening = std::make_shared<Screening>();
  screening->serial = ++serials_;
  screening->caller_id = caller_id;
  screening->slot = std::move(slot);
  console.screening = screening;
  send(console, {{"type", "screen.state"}, {"caller_id", caller_id}, {"state", "connecting"}});

  auto settings = options_.link;
  settings.name = "screen-" + std::to_string(caller_id) + "-" + std::to_string(screening->serial);
  if (options_.turn_server_for) settings.turn_server = options_.turn_server_for(caller_id);
  media_thread_.run([this, screening, settings = std::move(settings),
                     callbacks = callbacks_for(key, screening->serial, caller_id)]() mutable {
    try {
      screening->media = std::make_unique<media::call::ScreenerLink>(std::move(settings), std::move(callbacks));
    } catch (const std::exception& e) {
      std::cerr << "votercast: screening caller " << screening->caller_id << ": " << e.what() << std::endl;
      post_to_io_([this, alive = std::weak_ptr<bool>(alive_), serial = screening->serial] {
        if (!alive.lock()) return;
        for (auto& [key, console] : consoles_)
          if (console.screening && console.screening->serial == serial) {
            ended(console, console.screening->caller_id, "screen_failed",
                  "Không mở được hình người gọi. / The screening link could not start.");
            end(console);
          }
      });
      return;
    }
    pump_.add(screening->serial, screening->slot, screening->media.get());
  });
}

void ScreeningRoom::answer(Console& console, std::int64_t caller_id, const nlohmann::json& message) {
  const auto sdp = message.find("sdp");
  if (sdp == message.end() || !sdp->is_string() || sdp->get_ref<const std::string&>().empty())
    return send(console, bad_message("an answer needs its SDP in 'sdp'"));
  if (!console.screening || console.screening->caller_id != caller_id) return;  // ended meanwhile
  media_thread_.run([this, screening = console.screening, text = sdp->get<std::string>()] {
    if (!screening->media) return;
    try {
      screening->media->accept_answer(text);
    } catch (const std::exception& e) {
      post_to_io_([this, alive = std::weak_ptr<bool>(alive_), serial = screening->serial, why = std::string(e.what())] {
        if (!alive.lock()) return;
        for (auto& [key, console] : consoles_)
          if (console.screening && console.screening->serial == serial) {
            ended(console, console.screening->caller_id, "bad_answer", "the screening link refused the answer: " + why);
            end(console);
          }
      });
    }
  });
}

void ScreeningRoom::candidate(Console& console, std::int64_t caller_id, const nlohmann::json& message) {
  const auto candidate = message.find("candidate");
  const auto index = message.find("sdpMLineIndex");
  if (candidate == message.end() || !candidate->is_string())
    return send(console, bad_message("an ICE candidate needs 'candidate' (a string)"));
  unsigned mline = 0;
  if (index != message.end() && !index->is_null()) {
    if (!index->is_number_unsigned() || index->get<std::uint64_t>() > 63)
      return send(console, bad_message("'sdpMLineIndex' must be a small whole number"));
    mline = index->get<unsigned>();
  }
  if (!console.screening || console.screening->caller_id != caller_id) return;
  media_thread_.run([screening = console.screening, mline, text = candidate->get<std::string>()] {
    if (screening->media) screening->media->add_ice_candidate(mline, text);
  });
}

void ScreeningRoom::end(Console& console) {
  // The pump lets go of the link before the link goes, both off the io thread.
  media_thread_.run([this, screening = std::move(console.screening)] {
    pump_.remove(screening->serial);
    screening->media.reset();
  });
  console.screening.reset();
}

void ScreeningRoom::caller_gone(std::int64_t caller_id) {
  for (auto& [key, console] : consoles_) {
    if (!console.screening || console.screening->caller_id != caller_id) continue;
    ended(console, caller_id, "caller_left", "Người gọi đã rời cuộc gọi video. / The caller's video has ended.");
    end(console);
  }
}

std::size_t ScreeningRoom::screenings() const {
  std::size_t n = 0;
  for (const auto& [key, console] : consoles_) n += console.screening ? 1 : 0;
  return n;
}

std::size_t ScreeningRoom::watching(std::int64_t caller_id) const {
  std::size_t n = 0;
  for (const auto& [key, console] : consoles_) n += console.screening && console.screening->caller_id == caller_id ? 1 : 0;
  return n;
}

ScreeningRoom::Console* ScreeningRoom::current(WsConnection* key, std::uint64_t serial) {
  const auto it = consoles_.find(key);
  if (it == consoles_.end() || !it->second.screening || it->second.screening->serial != serial) return nullptr;
  return &it->second;
}

media::call::ScreenerLink::Callbacks ScreeningRoom::callbacks_for(WsConnection* key, std::uint64_t serial,
                                                                  std::int64_t caller_id) {
  // On the link's own thread: each goes to the io thread, where the screening may be over.
  media::call::ScreenerLink::Callbacks callbacks;
  std::weak_ptr<bool> alive = alive_;
  auto ice_servers = options_.console_ice_servers_for ? options_.console_ice_servers_for(caller_id) : nlohmann::json::array();
  callbacks.on_local_description = [this, alive, key, serial, caller_id, ice_servers = std::move(ice_servers)](
                                       const std::string& type, const std::string& sdp) {
    post_to_io_([this, alive, key, serial,
                 message = nlohmann::json{
                     {"type", "screen." + type}, {"caller_id", caller_id}, {"sdp", sdp}, {"ice_servers", ice_servers}}] {
      if (!alive.lock()) return;
      if (auto* console = current(key, serial)) send(*console, message);
    });
  };
  callbacks.on_ice_candidate = [this, alive, key, serial, caller_id](unsigned mline, const std::string& candidate) {
    if (candidate.empty()) return;
    post_to_io_([this, alive, key, serial,
                 message = nlohmann::json{
                     {"type", "screen.ice"}, {"caller_id", caller_id}, {"candidate", candidate}, {"sdpMLineIndex", mline}}] {
      if (!alive.lock()) return;
      if (auto* console = current(key, serial)) send(*console, message);
    });
  };
  callbacks.on_state = [this, alive, key, serial, caller_id](CallState state, const std::string& reason) {
    post_to_io_([this, alive, key, serial, caller_id, state, reason] {
      if (!alive.lock()) return;
      auto* console = current(key, serial);
      if (!console) return;
      switch (state) {
        case CallState::connecting:
        case CallState::connected:
        case CallState::lost:
          return send(*console, {{"type", "screen.state"}, {"caller_id", caller_id}, {"state", media::call::to_string(state)}});
        case CallState::failed:
          std::cerr << "votercast: screening caller " << caller_id << ": " << reason << std::endl;
          ended(*console, caller_id, "screen_failed",
                "Mất kết nối hình người gọi tới bàn sàng lọc. / The screening link failed.");
          return end(*console);
        case CallState::closed:
          return end(*console);
      }
    });
  };
  return callbacks;
}

}  // namespace votercast::web
