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
#include "core/store/show_table.hpp"
#include "media/graphics/scene_json.hpp"
#include "web/live/control_room.hpp"
#include "web/live/intake_switch.hpp"
#include "web/live/poll_room.hpp"

namespace votercast::web {

EventHub::Snapshot console_snapshot(core::store::Database& reader, ControlRoom& room, PollRoom& polls,
                                    const IntakeSwitch& intake, core::PhoneView phones) {
  core::store::ReadTransaction moment(reader);
  EventHub::Snapshot out;
  out.seq = core::store::last_event_seq(reader);
  const auto show = core::store::open_show(reader);
  const auto show_id = show ? std::optional(show->id) : std::nullopt;
  core::store::QuestionFilter filter;
  filter.limit = 5000;
  if (show)
    filter.show_id = show->id;
  else
    filter.waiting_only = true;
  auto as_seen = [phones](std::string text) {
    return phones == core::PhoneView::full ? text : core::mask_phone_fields(text);
  };
  std::string questions = "[";
  for (const auto& q : core::store::list_questions(reader, filter)) {
    if (questions.size() > 1) questions += ',';
    questions += as_seen(core::staff_json_text(q));
  }
  questions += ']';
  std::string callers = "[";
  for (const auto& c : core::store::list_callers(reader, show_id, 2000)) {
    if (callers.size() > 1) callers += ',';
    callers += core::caller_json_text(c, phones);
  }
  callers += ']';
  std::string polls_text = "[";
  for (const auto& p : core::store::list_polls(reader, show_id)) {
    if (polls_text.size() > 1) polls_text += ',';
    polls_text += core::poll_json_text(p, polls.counts(p.id));
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
                  .raw("questions", questions)
                  .raw("callers", callers)
                  .raw("polls", polls_text)
                  .finish();
  moment.end();
  return out;
}

}  // namespace votercast::web
