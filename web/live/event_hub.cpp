#include "web/live/event_hub.hpp"

#include <nlohmann/json.hpp>

#include "core/format/json_text.hpp"
#include "core/format/question_json.hpp"
#include "core/phone_privacy.hpp"
#include "core/store/event_log.hpp"
#include "core/store/caller_table.hpp"
#include "core/store/question_table.hpp"

namespace votercast::web {
namespace {

std::shared_ptr<const std::string> frame_of(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

// A new question's event is logged without its copy of the question, which the row holds
// (question_desk.cpp): replayed, it carries the row as it is now. The events after it in
// the replay carry the copies of their own moments, the last of them the row's.
core::Event with_its_question(core::store::Database& db, core::Event event) {
  if (event.type != "question.created" || !event.question_id || event.payload.find("\"question\"") != std::string::npos)
    return event;
  if (const auto q = core::store::load_question(db, *event.question_id))
    event.payload = core::JsonObjectText().merge(event.payload).raw("question", core::staff_json_text(*q)).finish();
  return event;
}

// The log keeps phone numbers masked (group_commit_writer.hpp); a console that may see
// them gets them back from the rows on a replay, as they are now (erased ones stay gone).
core::Event with_current_phones(core::store::Database& db, core::Event event) {
  if (event.payload.find("*") == std::string::npos) return event;
  auto payload = nlohmann::json::parse(event.payload, nullptr, false);
  if (!payload.is_object()) return event;
  bool restored = false;
  const auto restore = [&restored](nlohmann::json& copy, const std::string& phone) {
    auto it = copy.find("phone");
    if (it == copy.end() || !it->is_string() || it->get_ref<const std::string&>().find('*') == std::string::npos) return;
    *it = phone;
    restored = true;
  };
  if (auto q = payload.find("question"); q != payload.end() && q->is_object() && event.question_id)
    if (const auto row = core::store::load_question(db, *event.question_id)) restore(*q, row->phone);
  if (auto c = payload.find("caller"); c != payload.end() && c->is_object() && c->contains("id") &&
                                       (*c)["id"].is_number_integer())
    if (const auto row = core::store::load_caller(db, (*c)["id"].get<std::int64_t>())) restore(*c, row->phone);
  if (restored) event.payload = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return event;
}

}  // namespace

void EventHub::open(std::shared_ptr<WsConnection> connection, std::optional<std::int64_t> since,
                    core::PhoneView phones) {
  auto& client = clients_[connection.get()];
  client.connection = std::move(connection);
  client.phones = phones;
  const auto last = core::store::last_event_seq(reader_);
  if (!since || *since > last || last - *since > kMaxReplay) {
    send_snapshot(client);
    return;
  }
  // Publishing also runs on this thread, so nothing can slip in between the
  // log read and the live stream; deliver() skips what was already replayed.
  client.last_seq = *since;
  client.connection->send(frame_of(R"({"type":"replay","since":)" + std::to_string(*since) +
                                   R"(,"until":)" + std::to_string(last) + "}"));
  WsConnection* const key = client.connection.get();
  for (;;) {
    auto it = clients_.find(key);  // deliver() drops a client that cannot keep up
    if (it == clients_.end() || it->second.last_seq >= last) return;
    const auto events = core::store::events_after(reader_, it->second.last_seq, 500);
    if (events.empty()) return;
    for (const auto& e : events) {
      it = clients_.find(key);
      if (it == clients_.end()) return;
      auto replayed = with_its_question(reader_, e);
      if (it->second.phones == core::PhoneView::full) replayed = with_current_phones(reader_, std::move(replayed));
      deliver(it->second, e.seq, frame_for(it->second, replayed));
    }
  }
}

void EventHub::send_snapshot(Client& client) {
  auto snapshot = snapshot_(client.phones);
  client.last_seq = snapshot.seq;
  client.connection->send(frame_of(std::move(snapshot.frame)));
}

void EventHub::close(WsConnection* connection) { clients_.erase(connection); }

void EventHub::deliver(Client& client, std::int64_t seq, const std::shared_ptr<const std::string>& frame) {
  if (seq <= client.last_seq) return;
  if (client.connection->queued() + 1 >= queue_limit_) {
    // Keep the last slot for the resync notice, then let the console start afresh.
    ++resyncs_;
    client.connection->send(frame_of(R"({"type":"resync","reason":"too_far_behind","last_seq":)" +
                                     std::to_string(client.last_seq) + "}"));
    auto connection = client.connection;
    clients_.erase(connection.get());
    connection->close();
    return;
  }
  client.connection->send(frame);
  client.last_seq = seq;
}

void EventHub::heartbeat() {
  for (auto& [key, client] : clients_) {
    if (client.connection->queued() + 2 >= queue_limit_) continue;  // deliver() handles the laggards
    client.connection->send(frame_of(R"({"type":"heartbeat","seq":)" + std::to_string(client.last_seq) + "}"));
  }
}

std::shared_ptr<const std::string> EventHub::frame_for(const Client& client, const core::Event& event) const {
  auto text = core::event_json_text(event);
  if (client.phones == core::PhoneView::masked) text = core::mask_phone_fields(text);
  return frame_of(std::move(text));
}

void EventHub::notify(std::string text) {
  const auto frame = frame_of(std::move(text));
  for (auto& [key, client] : clients_) {
    if (client.connection->queued() + 2 >= queue_limit_) continue;  // deliver() handles the laggards
    client.connection->send(frame);
  }
}

void EventHub::publish(const std::vector<core::Event>& events) {
  if (clients_.empty()) return;
  for (const auto& e : events) {
    // Built once per event for all the consoles of each kind.
    const auto full = frame_of(core::event_json_text(e));
    std::shared_ptr<const std::string> masked;
    for (auto it = clients_.begin(); it != clients_.end();) {
      auto& client = (it++)->second;  // deliver() may erase this client
      if (client.phones == core::PhoneView::full) {
        deliver(client, e.seq, full);
        continue;
      }
      if (!masked) masked = frame_of(core::mask_phone_fields(*full));
      deliver(client, e.seq, masked);
    }
  }
}

}  // namespace votercast::web
