#include "web/app.hpp"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <map>
#include <iostream>

#include "core/clock.hpp"
#include "core/desk/question_desk.hpp"
#include "core/desk/phone_retention_desk.hpp"
#include "core/desk/retention_desk.hpp"
#include "core/store/secret_table.hpp"
#include "core/store/sms_message_table.hpp"
#include "core/store/user_table.hpp"
#include "web/api/error_mapping.hpp"
#include "web/api/scene_change.hpp"
#include "web/app_context.hpp"
#include "web/config/call_ice_servers.hpp"
#include "web/live/console_sessions.hpp"
#include "web/live/console_snapshot.hpp"
#include "web/live/screening_room.hpp"
#include "web/live/studio_signalling.hpp"
#include "web/live/scene_memory.hpp"
#include "web/live/test_picture_feeds.hpp"
#include "web/net/client_address.hpp"
#include "web/net/cookies.hpp"
#include "web/net/descriptor_limit.hpp"
#include "web/net/http_server.hpp"
#include "web/net/static_files.hpp"
#include "web/sms/sms_answer_notices.hpp"
#include "web/sms/sms_sender.hpp"

namespace votercast::web {
namespace {

// Searches queued for the archive's thread before more are refused with 503: at tens of
// milliseconds each, about a second's work. The staff pages' heavy reads have their own.
constexpr std::size_t kArchiveSearchesWaiting = 64;
constexpr std::size_t kStaffReadsWaiting = 64;
// Password checks queued (argon2id, ~0.1 s each) before a login is refused with 503: a
// flood of guesses then delays a real login by about a second, not by minutes.
constexpr std::size_t kLoginChecksWaiting = 8;

StudioSignalling::Options studio_options(const CallSettings& calls) {
  StudioSignalling::Options options;
  options.link = caller_link_settings(calls);
  options.max_calls = calls.max_calls;
  options.turn_server_for = [calls](std::int64_t caller_id) {
    return studio_turn_server(calls, caller_id, core::now_ms() / 1000);
  };
  return options;
}

ScreeningRoom::Options screening_options(const CallSettings& calls) {
  ScreeningRoom::Options options;
  const auto caller = caller_link_settings(calls);
  options.link.stun_server = caller.stun_server;
  options.link.turn_server = caller.turn_server;
  options.link.local_addresses = caller.local_addresses;
  // The same servers, and credentials of the same kind, as the caller's call.
  options.turn_server_for = [calls](std::int64_t caller_id) {
    return studio_turn_server(calls, caller_id, core::now_ms() / 1000);
  };
  options.console_ice_servers_for = [calls](std::int64_t caller_id) {
    return browser_ice_servers(calls, caller_id, core::now_ms() / 1000);
  };
  return options;
}

core::store::Durability durability_of(const std::string& name) {
  return name == "normal" ? core::store::Durability::normal : core::store::Durability::full;
}

// Everything else a GET asks for is a file under the static directory.
bool is_routed_path(const std::string& path) {
  return path.starts_with("/api/") || path == "/api" || path == "/healthz" || path == "/metrics" || path == "/ws" ||
         path == "/t" || path.starts_with("/t/") || path.starts_with("/sms/") || path == "/answers" ||
         path.starts_with("/reports/") || path == "/call" || path.starts_with("/call/");
}

// ?since=N on /ws: the last event a reconnecting console has. Outer nullopt: not a
// sequence number; inner nullopt: none given (the console starts afresh).
std::optional<std::optional<std::int64_t>> since_of(const Request& request) {
  const auto it = request.query.find("since");
  if (it == request.query.end()) return std::optional<std::int64_t>();
  std::int64_t since = 0;
  const auto& s = it->second;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), since);
  if (ec != std::errc() || p != s.data() + s.size() || since < 0) return std::nullopt;
  return std::optional<std::int64_t>(since);
}

// /call/{token}/ws: a caller's phone. The token, or "" for any other path.
std::string call_socket_token(const std::string& path) {
  constexpr std::string_view prefix = "/call/", suffix = "/ws";
  if (!path.starts_with(prefix) || !path.ends_with(suffix) || path.size() <= prefix.size() + suffix.size()) return "";
  auto token = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  return token.find('/') == std::string::npos ? token : "";
}

core::TicketCipher::Key ticket_key(core::store::GroupCommitWriter& writer) {
  core::TicketCipher::Key key;
  writer.run([&key](core::store::WriteContext& ctx) { key = core::store::ensure_ticket_key(ctx.db()); });
  return key;
}

core::DeviceTokens::Key device_key(core::store::GroupCommitWriter& writer) {
  core::DeviceTokens::Key key;
  writer.run([&key](core::store::WriteContext& ctx) { key = core::store::ensure_device_key(ctx.db()); });
  return key;
}

std::string made_overlay_token(core::store::GroupCommitWriter& writer, bool& made_now) {
  std::string token;
  writer.run([&](core::store::WriteContext& ctx) { token = core::store::ensure_overlay_token(ctx.db(), &made_now); });
  return token;
}

}  // namespace

struct App::Parts {
  Config config;
  core::store::GroupCommitWriter writer;
  core::TicketCipher tickets;
  core::store::Database reader;
  ReadThread archive;
  ReadThread staff_reads;
  core::QuestionDesk question_desk{writer, tickets};
  core::CallDesk call_desk{writer};
  core::CallLinkDesk call_link_desk{writer};
  // The callers' WebRTC links; their callbacks reach the io thread through the server
  // (made below, and only called on once a phone offers).
  StudioSignalling signalling{studio_options(config.calls), [this](std::function<void()> fn) { server.post(std::move(fn)); }};
  CallLines call_lines{config.calls.max_calls, signalling, [calls = config.calls](std::int64_t caller_id) {
                         return browser_ice_servers(calls, caller_id, core::now_ms() / 1000);
                       }};
  // The screeners' views of waiting callers, over the consoles' streams.
  ScreeningRoom screening{screening_options(config.calls), [this](std::function<void()> fn) { server.post(std::move(fn)); },
                          [this](std::int64_t caller_id) { return signalling.screening_slot(caller_id); }};
  TestPictureFeeds test_feeds;  // [calls] test_picture: colour bars for every caller
  CallerFeeds& caller_feeds = config.calls.test_picture ? static_cast<CallerFeeds&>(test_feeds) : signalling;
  core::PollDesk poll_desk{writer, config.polls.revote};
  core::StaffDesk staff_desk{writer};
  core::IntakeDesk intake_desk{writer};
  std::optional<core::RetentionDesk> retention;  // none when retention.events_days is 0
  std::optional<core::PhoneRetentionDesk> phone_retention;  // none when retention.phones_days is 0
  StaffAuth auth;
  LoginThrottle throttle;
  BlockingWorker worker{kLoginChecksWaiting};
  Metrics metrics;
  EventHub hub;
  ConsoleSessions consoles;  // the session each open /ws stands on
  ControlRoom control_room;  // before the server: preview streams point into it
  PollRoom poll_room;
  SmsAnswerNotices answer_notices{config, writer};
  SmsSender sms_sender{config, writer};
  IpAllowList trusted_proxies;
  IntakeSwitch intake;
  IntakeGuard intake_guard{config.intake, [this] { return writer.stats().queued; }, core::now_ms};
  bool overlay_token_new = false;  // made on this start: the one start that prints it
  std::string overlay_token;
  Router router{response_for};
  StreamSlots streams{config.server.max_streams_per_user, config.server.max_streams};
  std::map<WsConnection*, StreamSlots::Ticket> ws_streams;  // io thread only
  HttpServer server;
  AppContext context;

  explicit Parts(Config c)
      : config(std::move(c)),
        writer(config.db, durability_of(config.durability)),
        tickets(ticket_key(writer)),
        reader(config.db, core::store::Database::Mode::read_only),
        archive(config.db, kArchiveSearchesWaiting),
        staff_reads(config.db, kStaffReadsWaiting),
        auth(reader, staff_desk, config.public_url, config.staff.idle_limit_ms()),
        hub(reader, config.ws_queue_limit,
            [this](core::PhoneView phones) { return console_snapshot(reader, control_room, poll_room, intake, phones); }),
        control_room(config.programme, config.public_url),
        poll_room(reader, hub, control_room, config.polls, device_key(writer), config.public_url.starts_with("https://")),
        trusted_proxies(config.trusted_proxies),
        overlay_token(config.overlay_token.empty() ? made_overlay_token(writer, overlay_token_new) : config.overlay_token),
        server(limits(), hooks()),
        context{config, writer, reader, archive, staff_reads, tickets, question_desk, call_desk, poll_desk, staff_desk,
                intake_desk, poll_room, auth, throttle, worker, metrics, hub, control_room, intake,
                intake_guard, sms_sender, overlay_token, [this] { return server.open_connections(); }, streams,
                call_link_desk, call_lines, signalling, caller_feeds, screening} {
    intake.paused = core::IntakeDesk::paused(reader);
    if (auto policy = event_retention(config.retention, EventHub::kMaxReplay)) retention.emplace(writer, *policy);
    if (auto policy = web::phone_retention(config.retention)) phone_retention.emplace(writer, *policy);
    add_question_routes(router, context);
    add_queue_routes(router, context);
    add_cluster_routes(router, context);
    add_show_routes(router, context);
    add_auth_routes(router, context);
    add_system_routes(router, context);
    add_programme_routes(router, context);
    add_intake_routes(router, context);
    add_sms_routes(router, context);
    add_caller_routes(router, context);
    add_follow_up_routes(router, context);
    add_archive_routes(router, context);
    add_poll_routes(router, context);
    add_report_routes(router, context);
    poll_room.on_frozen = [this](std::uint64_t) {
      log_scene_change(context, "votercast", "poll", [](std::exception_ptr, std::string) {});
    };
    add_sms_outbox_routes(router, context);
    add_call_link_routes(router, context);
    add_call_page_routes(router, context);
    poll_room.load();
    resume_programme(reader, control_room, poll_room, caller_feeds);
    // Each feed's on_state has one owner, here: the console's video state for the real
    // links, and the programme's lost-call card for whichever feeds the programme takes.
    signalling.on_state = [this](std::int64_t caller_id, FeedState state) {
      show_video(caller_id, state);
      if (state == FeedState::none) screening.caller_gone(caller_id);
      if (&caller_feeds == &signalling) follow_caller_feed(context, caller_id, state);
    };
    test_feeds.on_state = [this](std::int64_t caller_id, FeedState state) { follow_caller_feed(context, caller_id, state); };
    // Runs on the io thread (see App::run), in commit order.
    writer.set_on_committed([this](std::vector<core::Event> events) {
      answer_notices.on_committed(events);
      tell_callers(events);
      hub.publish(events);
    });
  }

  // The SMS ids kept against gateways' retries are forgotten after sms.remember_days.
  void forget_old_sms() {
    const auto before = core::now_ms() - std::int64_t{config.sms.remember_days} * 24 * 3600 * 1000;
    writer.submit([before](core::store::WriteContext& ctx) { core::store::forget_processed_sms(ctx.db(), before); },
                  [](std::exception_ptr) {});
  }

  // Closed shows' old events (core/store/event_retention.hpp), in small writer jobs. A pass
  // still running when the next is due is left to finish.
  void prune_events() {
    if (!retention) return;
    retention->prune([](std::exception_ptr error, core::PrunePass pass) {
      try {
        if (error) std::rethrow_exception(error);
      } catch (const std::exception& e) {
        std::cerr << "votercast: event retention: " << e.what() << std::endl;
        return;
      }
      if (pass.deleted || pass.compacted)
        std::cerr << "votercast: event retention: " << pass.deleted << " events deleted, " << pass.compacted
                  << " compacted" << std::endl;
    });
  }

  // Closed shows' phone numbers (core/store/phone_retention.hpp), in small writer jobs.
  void drop_old_phones() {
    if (!phone_retention) return;
    phone_retention->drop_old_phones([](std::exception_ptr error, core::PhoneDropPass pass) {
      try {
        if (error) std::rethrow_exception(error);
      } catch (const std::exception& e) {
        std::cerr << "votercast: phone retention: " << e.what() << std::endl;
        return;
      }
      if (pass.shows)
        std::cerr << "votercast: phone retention: numbers dropped from " << pass.shows << " closed show(s): "
                  << pass.questions << " questions, " << pass.callers << " callers, " << pass.poll_votes
                  << " SMS votes, " << pass.outbox_numbers << " outbox messages" << std::endl;
    });
  }

  // A connected caller's phone hears where they are on the lines (on air, call over).
  void tell_callers(const std::vector<core::Event>& events) {
    if (!call_lines.open()) return;
    for (const auto& e : events) {
      if (e.type != "caller.updated") continue;
      const auto payload = nlohmann::json::parse(e.payload, nullptr, false);
      const auto caller = payload.is_object() ? payload.value("caller", nlohmann::json()) : nlohmann::json();
      if (!caller.is_object() || !caller.contains("id") || !caller["id"].is_number_integer()) continue;
      const auto state = core::parse_caller_state(caller.value("state", ""));
      const auto id = caller["id"].get<std::int64_t>();
      if (state && call_lines.caller_changed(id, *state))
        call_link_desk.set_video(id, core::CallerVideo::left, [](std::exception_ptr, core::Caller) {});
    }
  }

  // What the console's caller card says of the video: the media's state while there is a
  // link, else whether the phone is connected.
  core::CallerVideo video_now(std::int64_t caller_id) const {
    switch (signalling.state(caller_id)) {
      case FeedState::connected: return core::CallerVideo::connected;
      case FeedState::lost: return core::CallerVideo::lost;
      case FeedState::connecting:
      case FeedState::none: break;
    }
    return call_lines.connected(caller_id) ? core::CallerVideo::waiting : core::CallerVideo::left;
  }

  void show_video(std::int64_t caller_id, FeedState state) {
    // Media that ends with no phone connected: left, unless the studio has since made a
    // new link (invited), which the store knows in order.
    if (state == FeedState::none && !call_lines.connected(caller_id))
      return call_link_desk.media_ended(caller_id, [](std::exception_ptr, core::Caller) {});
    call_link_desk.set_video(caller_id, video_now(caller_id), [](std::exception_ptr, core::Caller) {});
  }

  // A caller's phone asking for its socket: the link's seat cookie, the call not over,
  // and a line free.
  std::optional<Response> admit_call(const Request& request, const std::string& token) {
    if (!same_origin(request, config.public_url))
      return error_response(403, "cross_origin", "Yêu cầu từ trang khác bị từ chối / cross-site request refused");
    auto seat = cookie_value(request, "vc_call_seat");
    const auto check = core::check_call_seat(reader, token, seat ? std::optional<std::string_view>(*seat) : std::nullopt,
                                             core::now_ms());
    if (!check.link) return error_response(404, check.problem_code, check.problem_message);
    if (!check.problem_code.empty())
      return error_response(check.problem_code == "call_not_joined" ? 403 : 410, check.problem_code, check.problem_message);
    if (call_lines.full(check.link->caller_id))
      return error_response(503, "calls_full", "Các đường gọi video đang bận hết. Xin thử lại sau ít phút. / Every video line is busy.");
    return std::nullopt;
  }

  void open_call(std::shared_ptr<WsConnection> connection, const Request& request, const std::string& token) {
    // Checked at the handshake; checked again now that it is open (another may have come between).
    if (auto refusal = admit_call(request, token)) {
      const auto error = nlohmann::json::parse(refusal->body)["error"];
      connection->send(std::make_shared<const std::string>(
          call_notice_text("ended", error["code"].get<std::string>(), error["message"].get<std::string>())));
      connection->close();
      return;
    }
    auto seat = cookie_value(request, "vc_call_seat");
    const auto check = core::check_call_seat(reader, token, std::string_view(*seat), core::now_ms());
    call_lines.opened(std::move(connection), *check.caller);
    // Waiting, or the media that went on while the phone's socket was away.
    call_link_desk.set_video(check.caller->id, video_now(check.caller->id), [](std::exception_ptr, core::Caller) {});
  }

  // What /metrics counts a request under: a route's pattern, or one word for the rest.
  std::string route_label(const Request& request) const {
    if (request.path == "/ws") return request.path;
    if (!call_socket_token(request.path).empty()) return "/call/{token}/ws";  // never the token itself
    if (auto pattern = router.pattern_for(request.path)) return *pattern;
    const bool static_file = (request.method == "GET" || request.method == "HEAD") && !is_routed_path(request.path);
    return static_file ? "static" : "unmatched";
  }

  ServerLimits limits() const {
    ServerLimits l;
    l.ws_queue_limit = config.ws_queue_limit;
    l.first_byte_timeout = std::chrono::seconds(config.server.first_byte_timeout_seconds);
    l.max_connections = config.server.max_connections;
    l.staff_reserve = config.server.staff_reserve;
    l.max_connections_per_address = config.server.max_connections_per_address;
    l.uncapped_addresses = trusted_proxies;  // nginx carries every voter on one address
    return l;
  }

  ServerHooks hooks() {
    ServerHooks h;
    h.handle = [this](Request request, Respond respond) {
      request.remote_ip = client_address(request, trusted_proxies);
      if ((request.method == "GET" || request.method == "HEAD") && !is_routed_path(request.path))
        return respond(static_file(config.static_dir, request.path));
      router.dispatch(std::move(request), std::move(respond));
    };
    h.is_ws_path = [](const std::string& path) { return path == "/ws" || !call_socket_token(path).empty(); };
    h.ws_admit = [this](const Request& request) -> std::optional<Response> {
      if (const auto token = call_socket_token(request.path); !token.empty()) return admit_call(request, token);
      // Browsers always send Origin on a WebSocket handshake: another site's page
      // must not open a console's stream with the console's cookie.
      if (!same_origin(request, config.public_url))
        return error_response(403, "cross_origin", "Yêu cầu từ trang khác bị từ chối / cross-site request refused");
      auto result = auth.require(request, core::Permission::view_queue);
      if (auto* error = std::get_if<Response>(&result)) return *error;
      if (!since_of(request)) return error_response(400, "bad_since", "'since' must be a sequence number (integer >= 0)");
      return streams.refusal(stream_owner(std::get<core::User>(result).id));
    };
    h.ws_opened = [this](std::shared_ptr<WsConnection> connection, const Request& request) {
      if (const auto token = call_socket_token(request.path); !token.empty()) return open_call(std::move(connection), request, token);
      const auto since = *since_of(request);  // ws_admit refused it unless it reads
      const auto user = auth.current_user(request);
      // Checked at the handshake; taken now that it is open (another may have come between).
      auto slot = streams.take(user ? stream_owner(user->id) : std::string("user:?"));
      if (auto* refused = std::get_if<Response>(&slot)) {
        connection->send(std::make_shared<const std::string>(refused->body));
        connection->close();
        return;
      }
      ws_streams[connection.get()] = std::get<StreamSlots::Ticket>(std::move(slot));
      const bool sees_phones = user && core::role_may(user->role, core::Permission::view_phones);
      if (const auto token = session_token(request)) consoles.opened(connection, hash_session_token(*token));
      screening.console_opened(connection, user && core::role_may(user->role, core::Permission::screen_calls));
      hub.open(std::move(connection), since, sees_phones ? core::PhoneView::full : core::PhoneView::masked);
    };
    h.ws_closed = [this](WsConnection* connection) {
      if (const auto left = call_lines.closed(connection)) {
        // Left, unless the media goes on without the socket (it shows lost if the phone has gone).
        call_link_desk.set_video(*left, video_now(*left), [](std::exception_ptr, core::Caller) {});
        return;
      }
      consoles.closed(connection);
      screening.console_closed(connection);
      hub.close(connection);
      ws_streams.erase(connection);
    };
    h.ws_received = [this](WsConnection* connection, std::string text) {
      if (screening.is_console(connection)) return screening.received(connection, text);
      call_lines.received(connection, text);
    };
    // A console still gets in when the public has taken every ordinary connection.
    h.may_use_reserve = [this](const Request& request) { return auth.current_user(request).has_value(); };
    h.observe = [this](const Request& request, int status, double seconds) {
      metrics.observe(request.method, route_label(request), status, seconds);
    };
    return h;
  }
};

App::App(Config config) : parts_(std::make_unique<Parts>(std::move(config))) {}

App::~App() {
  // A login in hand still reaches the writer; then every accepted write is finished
  // before the parts that publish its events go away.
  parts_->control_room.stop();  // finalizes recordings
  parts_->screening.stop();     // the screeners' links, before the callers' links they read
  parts_->signalling.stop();    // the callers' links, before the server they post to
  parts_->worker.stop();
  parts_->archive.stop();  // its answers go out through the server
  parts_->staff_reads.stop();
  parts_->sms_sender.stop();  // it records each attempt through the writer
  parts_->writer.stop();
}

void App::start_programme() { parts_->control_room.start(); }

std::string App::overlay_url() const { return web::overlay_url(parts_->config, parts_->overlay_token); }
bool App::overlay_token_new() const { return parts_->overlay_token_new; }

std::optional<std::string> App::ensure_admin() {
  if (core::store::count_users(parts_->reader) > 0) return std::nullopt;
  auto password = core::random_password();
  if (!parts_->staff_desk.create_first_admin(core::hash_password(password))) return std::nullopt;
  return password;
}

std::vector<std::string> App::routes() const {
  auto out = parts_->router.routes();
  out.push_back("GET /ws");  // the consoles' stream, admitted by ServerHooks::ws_admit
  out.push_back("GET /call/{token}/ws");  // a caller's phone, likewise
  return out;
}

unsigned short App::listen() {
  // Beyond the connections: the database, the pipeline, the recordings, outgoing SMS.
  constexpr std::size_t kOtherDescriptors = 256;
  const auto& caps = parts_->config.server;
  if (const auto warning = raise_descriptor_limit(caps.max_connections + caps.staff_reserve + kOtherDescriptors);
      !warning.empty())
    std::cerr << "votercast: warning: " << warning << std::endl;
  return parts_->server.listen(parts_->config.listen, parts_->config.port);
}
void App::run() {
  // From here on a batch's events and replies reach the io thread in one post.
  parts_->writer.set_completion_executor([this](std::function<void()> fn) { parts_->server.post(std::move(fn)); });
  parts_->server.every(std::chrono::seconds(parts_->config.ws_heartbeat_seconds), [this] { parts_->hub.heartbeat(); });
  parts_->forget_old_sms();
  parts_->answer_notices.sweep();  // answers whose SMS was not enqueued before a crash
  parts_->server.every(std::chrono::seconds(1), [this] { parts_->sms_sender.tick(); });
  parts_->server.every(std::chrono::milliseconds(1000 / parts_->poll_room.ticks_per_second()), [this] { parts_->poll_room.tick(); });
  parts_->server.every(std::chrono::hours(1), [this] { parts_->forget_old_sms(); });
  parts_->server.every(std::chrono::minutes(1), [this] { parts_->throttle.forget_aged_out(); });
  // Callers' links whose phone has gone and whose media stopped.
  parts_->server.every(std::chrono::seconds(1), [this] { parts_->signalling.sweep(); });
  // What `votercast erase` wrote beside the server reaches the consoles within 2 s.
  parts_->server.every(std::chrono::seconds(2), [this] { parts_->writer.look_for_other_writers(); });
  // A session that ended (logout, passwd, disable, idle, age) ends its consoles' streams.
  parts_->server.every(std::chrono::seconds(5), [this] {
    parts_->consoles.end_signed_out([this](const std::string& token_hash) { return parts_->auth.console_in_use(token_hash); });
  });
  parts_->prune_events();
  parts_->server.every(std::chrono::hours(1), [this] { parts_->prune_events(); });
  parts_->drop_old_phones();
  parts_->server.every(std::chrono::hours(1), [this] { parts_->drop_old_phones(); });
  parts_->server.run();
  // From here on the writer completes its batches itself; what it handed to the io
  // thread before that is run now (a thread waiting in writer.run() is waiting for it).
  parts_->writer.set_completion_executor({});
  parts_->server.run_posted();
}
void App::stop() { parts_->server.stop(); }

}  // namespace votercast::web
