#pragma once
// Fans committed events out to the staff consoles' WebSockets. A console that
// reconnects with ?since=SEQ gets every event after SEQ from the log, in order,
// then live ones; one that falls too far behind is told to resync and dropped,
// so a slow console never slows the others. Runs on the io thread only.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/format/caller_json.hpp"
#include "core/event.hpp"
#include "core/store/database.hpp"
#include "web/net/ws_connection.hpp"

namespace votercast::web {

class EventHub {
 public:
  // How many events a reconnecting console may be replayed; beyond that it gets a snapshot.
  static constexpr int kMaxReplay = 5000;

  struct Snapshot {
    std::int64_t seq = 0;   // the last event the snapshot includes
    std::string frame;      // {"type":"snapshot","seq":...,...}
  };
  // snapshot(phones) builds the first frame for a console starting afresh.
  EventHub(core::store::Database& reader, std::size_t queue_limit, std::function<Snapshot(core::PhoneView)> snapshot)
      : reader_(reader), queue_limit_(queue_limit), snapshot_(std::move(snapshot)) {}

  // phones: whether this console's user may see phone numbers; if not, every frame
  // it gets has them masked.
  void open(std::shared_ptr<WsConnection> connection, std::optional<std::int64_t> since, core::PhoneView phones);
  void close(WsConnection* connection);
  void publish(const std::vector<core::Event>& events);
  // {"type":"heartbeat","seq":N} to every console, so that one can tell a dead
  // connection (a laptop that slept) from a quiet one. Not an event: no seq of its own.
  void heartbeat();
  // A frame outside the event log (live poll counts): to every console with room for it.
  // A console that misses one gets the next, or the numbers in its next snapshot.
  void notify(std::string frame);
  std::size_t clients() const { return clients_.size(); }
  std::uint64_t resyncs() const { return resyncs_; }

 private:
  struct Client {
    std::shared_ptr<WsConnection> connection;
    std::int64_t last_seq = 0;
    core::PhoneView phones = core::PhoneView::masked;
  };
  std::shared_ptr<const std::string> frame_for(const Client& client, const core::Event& event) const;
  void deliver(Client& client, std::int64_t seq, const std::shared_ptr<const std::string>& frame);
  void send_snapshot(Client& client);

  core::store::Database& reader_;
  std::size_t queue_limit_;
  std::function<Snapshot(core::PhoneView)> snapshot_;
  std::unordered_map<WsConnection*, Client> clients_;
  std::uint64_t resyncs_ = 0;
};

}  // namespace votercast::web
