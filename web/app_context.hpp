#pragma once
// What the API handlers share: the parts the composition root (app.cpp) owns.
#include <cstddef>
#include <functional>
#include <string>

#include "core/desk/call_desk.hpp"
#include "core/desk/call_link_desk.hpp"
#include "core/desk/intake_desk.hpp"
#include "core/desk/poll_desk.hpp"
#include "core/desk/question_desk.hpp"
#include "core/desk/staff_desk.hpp"
#include "core/store/database.hpp"
#include "core/store/group_commit_writer.hpp"
#include "web/live/read_thread.hpp"
#include "web/net/blocking_worker.hpp"
#include "web/config/config.hpp"
#include "web/live/call_lines.hpp"
#include "web/live/caller_feeds.hpp"
#include "web/live/control_room.hpp"
#include "web/live/event_hub.hpp"
#include "web/live/intake_guard.hpp"
#include "web/live/intake_switch.hpp"
#include "web/api/login_throttle.hpp"
#include "web/live/metrics.hpp"
#include "web/live/poll_room.hpp"
#include "web/live/stream_slots.hpp"
#include "web/live/screening_room.hpp"
#include "web/live/studio_signalling.hpp"
#include "web/net/router.hpp"
#include "web/api/staff_auth.hpp"

namespace votercast::web {

class SmsSender;

struct AppContext {
  const Config& config;
  core::store::GroupCommitWriter& writer;
  core::store::Database& reader;  // the io thread's own read connection
  ReadThread& archive;            // the public archive's searches, on their own thread and connection
  ReadThread& staff_reads;        // the staff pages' heavy reads (queue pages, counts, reports), likewise
  const core::TicketCipher& tickets;
  core::QuestionDesk& question_desk;
  core::CallDesk& call_desk;
  core::PollDesk& poll_desk;
  core::StaffDesk& staff_desk;
  core::IntakeDesk& intake_desk;
  PollRoom& poll_room;
  StaffAuth& auth;
  LoginThrottle& throttle;
  BlockingWorker& worker;
  Metrics& metrics;
  EventHub& hub;
  ControlRoom& control_room;
  IntakeSwitch& intake;
  IntakeGuard& intake_guard;  // public questions: per address, and while the store keeps up
  const SmsSender& sms_sender;
  const std::string& overlay_token;
  std::function<std::size_t()> open_connections;
  StreamSlots& streams;  // the preview, scene events and consoles' sockets, per account and in all
  core::CallLinkDesk& call_link_desk;
  CallLines& call_lines;  // callers' phones connected for a video call
  StudioSignalling& studio;  // callers' WebRTC links: CallerFeeds for the programme, report() for the screener
  CallerFeeds& caller_feeds;  // their pictures and links' states, for taking them to air
  ScreeningRoom& screening;   // the screeners watching waiting callers
};

void add_question_routes(Router& router, AppContext& app);
void add_queue_routes(Router& router, AppContext& app);  // the queue read at national size (queue_api.cpp)
void add_cluster_routes(Router& router, AppContext& app);  // clusters, and bulk actions (clusters_api.cpp)
void add_show_routes(Router& router, AppContext& app);
void add_auth_routes(Router& router, AppContext& app);
void add_system_routes(Router& router, AppContext& app);
void add_programme_routes(Router& router, AppContext& app);
void add_intake_routes(Router& router, AppContext& app);
void add_sms_routes(Router& router, AppContext& app);
void add_caller_routes(Router& router, AppContext& app);
void add_follow_up_routes(Router& router, AppContext& app);  // agencies' answers (follow_up_api.cpp)
void add_archive_routes(Router& router, AppContext& app);    // the public /answers (archive_api.cpp)
void add_poll_routes(Router& router, AppContext& app);
void add_report_routes(Router& router, AppContext& app);
void add_sms_outbox_routes(Router& router, AppContext& app);
// A video caller's link changed (CallerFeeds::on_state): the lost-call card on the programme
// goes up or down at once when theirs is the picture on air (callers_api.cpp).
void follow_caller_feed(AppContext& app, std::int64_t caller_id, FeedState state);
// Takes down whichever caller's picture is on the programme (the show closed). callers_api.cpp.
void end_caller_video(AppContext& app, const std::string& actor);
void add_call_link_routes(Router& router, AppContext& app);  // POST/DELETE /api/callers/{id}/call-link, GET .../call
void add_call_page_routes(Router& router, AppContext& app);  // /call, /call/{token}, its join (pages/call_pages.cpp)  // staff's view of the SMS we send (sms_outbox_api.cpp)

}  // namespace votercast::web
