#include "web/live/console_snapshot.hpp"

#include <nlohmann/json.hpp>

#include "core/format/caller_json.hpp"
#include "core/format/json_text.hpp"
#include "core/format/poll_json.hpp"
#include "core/format/question_json.hpp"
#include "core/phone_privacy.hpp"
#include "core/store/caller_table.hpp"
#include "core/store/event_log.hpp"
#include "core/store/poll_table.hpp"
#include "core/store/question_table.hpp"
#include "core/store/queue_query.hpp"
#include "core/store/show_table.hpp"
#include "media/graphics/scene_json.hpp"
#include "web/live/control_room.hpp"
#include "web/live/intake_switch.hpp"
#include "web/live/poll_room.hpp"
#include "web/live/queue_page.hpp"

namespace votercast::web {

EventHub::Snapshot console_snapshot(core::store::Database& reader, ControlRoom& room, PollRoom& polls,
                                    const IntakeSwitch& intake, core::PhoneView phones) {
  core::store::ReadTransaction moment(reader);
  EventHub::Snapshot out;
  out.seq = core::store::last_event_seq(reader);
  const auto show = core::store::open_show(reader);
  const auto show_id = show ? std::optional(show->id) : std::nullopt;
  auto as_seen = [phones](std::string text) {
    return phones == core::PhoneView::full ? text : core::mask_phone_fields(text);
  };
  // The first window of the queue (the newest 50 of the show, every state) with its counts,
  // not the show: a console pages through the rest with GET /api/queue.
  core::store::QueueQuery first_window;
  first_window.show_id = show_id;
  const auto queue = as_seen(queue_page_json(reader, first_window));
  // What the rundown panel and the on-air line show, wherever they sit in the queue.
  std::string rundown = "[", on_air = "[";
  if (show) {
    for (const auto& q : core::store::rundown_questions(reader, show->id)) {
      if (rundown.size() > 1) rundown += ',';
      rundown += as_seen(core::staff_json_text(q));
    }
    core::store::QueueQuery airing;
    airing.show_id = show_id;
    airing.state = core::QuestionState::on_air;
    for (const auto& q : core::store::list_queue(reader, airing).questions) {
      if (on_air.size() > 1) on_air += ',';
      on_air += as_seen(core::staff_json_text(q));
    }
  }
  rundown += ']';
  on_air += ']';
  std::string callers = "[";
  for (const auto& c : core::store::list_callers(reader, show_id, 2000)) {
    if (callers.size() > 1) callers += ',';
    callers += core::caller_json_text(c, phones);
  }
  callers += ']';
  std::string polls_text = "[";
  for (const auto& p : core::store::list_polls(reader, show_id)) {
    if (polls_text.size() > 1) polls_text += ',';
    polls_text += polls.staff_json_text(p);  // with the votes refused
  }
  polls_text += ']';
  const auto scene = room.graphics().current_scene();
  out.frame = core::JsonObjectText()
                  .str("type", "snapshot")
                  .num("seq", out.seq)
                  .raw("show", show ? core::show_json_text(*show) : "null")
                  .raw("intake", core::JsonObjectText().boolean("paused", intake.paused).finish())
                  .raw("scene", nlohmann::json{{"generation", scene.generation},
                                               {"scene", media::graphics::scene_to_json(scene.scene)}}
                                    .dump())
                  .raw("queue", queue)
                  .raw("rundown", rundown)
                  .raw("on_air", on_air)
                  .raw("callers", callers)
                  .raw("polls", polls_text)
                  .finish();
  moment.end();
  return out;
}

}  // namespace votercast::web
