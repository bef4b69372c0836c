// The programme over HTTP: the low-level graphics API (the scene, whole or per
// layer) that the control room and automation tools drive, the preview stream,
// the latest frame, stills, and health.
#include <algorithm>
#include <chrono>

#include <sodium.h>

#include "media/graphics/scene_json.hpp"
#include "media/graphics/still_renderer.hpp"
#include "web/api/api_support.hpp"
#include "web/api/scene_change.hpp"
#include "web/live/control_room.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::Permission;
namespace graphics = media::graphics;

constexpr const char* kBoundary = "votercastframe";

Response png_response(std::string png) {
  Response r;
  r.content_type = "image/png";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = std::move(png);
  return r;
}

Response no_programme() {
  return error_response(503, "no_programme",
                        "Chương trình chưa chạy / the programme is not running (disabled in the settings or stopped)");
}

// Logos come from the settings, never from a request: a path in a scene must not
// let anyone make the server read files.
void check_logo(const graphics::Scene& scene, const graphics::Scene& current) {
  if (scene.bug.content.logo_png != current.bug.content.logo_png)
    throw BadRequest(400, "logo_not_allowed",
                     "Logo được đặt trong cấu hình / the logo is set in the settings, not through the API");
}

// Multipart MJPEG: each new preview JPEG of the programme, as it comes. The transport
// polls the stream (it does not block the io thread), so the stream looks for a new
// JPEG at twice the preview's frame rate.
class PreviewStream : public ResponseStream {
 public:
  explicit PreviewStream(media::Programme& programme) : programme_(programme) {}
  std::optional<std::string> next_part() override {
    std::uint64_t seq = 0;
    auto jpeg = programme_.latest_preview_jpeg(seq);
    if (!jpeg || seq == sent_) return std::nullopt;
    sent_ = seq;
    std::string part = std::string("--") + kBoundary + "\r\nContent-Type: image/jpeg\r\nContent-Length: " +
                       std::to_string(jpeg->size()) + "\r\n\r\n";
    part.reserve(part.size() + jpeg->size() + 2);
    part += *jpeg;
    part += "\r\n";
    return part;
  }
  bool ended() const override { return !programme_.running(); }
  // Twice per preview frame: a new JPEG waits half a frame at most, and a viewer costs
  // the io thread 2 x preview_fps looks a second rather than one every 20 ms.
  std::chrono::milliseconds poll_interval() const override {
    return std::chrono::milliseconds(std::max(10, 500 / std::max(1, programme_.config().preview_fps)));
  }

 private:
  media::Programme& programme_;
  std::uint64_t sent_ = 0;
};

nlohmann::json health_json(ControlRoom& room) {
  const auto g = room.graphics().stats();
  nlohmann::json layers = nlohmann::json::object();
  for (const auto id : graphics::kLayersInDrawingOrder) {
    const auto& l = g.layers[static_cast<std::size_t>(id)];
    layers[std::string(graphics::layer_name(id))] = {
        {"renders", l.renders}, {"last_render_ms", l.last_render_ms}, {"max_render_ms", l.max_render_ms}};
  }
  nlohmann::json out = {{"graphics",
                         {{"frames", g.frames},
                          {"blend_ms", {{"last", g.last_blend_ms}, {"mean", g.mean_blend_ms}, {"max", g.max_blend_ms}}},
                          {"generation", {{"requested", g.requested_generation},
                                          {"published", g.published_generation},
                                          {"on_air", g.on_air_generation}}},
                          {"take_to_air_ms", g.last_on_air_ms},
                          {"prepared", {{"renders", g.prepared_renders},
                                        {"takes", g.prepared_takes},
                                        {"bytes", g.prepared_bytes}}},
                          {"settled", g.settled},
                          {"layers", layers}}}};
  auto* programme = room.programme();
  if (!programme) {
    out["programme"] = {{"enabled", false}};
    return out;
  }
  const auto h = programme->health();
  nlohmann::json outputs = nlohmann::json::array();
  for (const auto& o : h.outputs)
    outputs.push_back({{"spec", o.spec},
                       {"state", media::to_string(o.state)},
                       {"bitrate_kbps", o.bitrate_kbps},
                       {"restarts", o.restarts},
                       {"last_error", o.last_error}});
  const auto& c = programme->config();
  out["programme"] = {{"enabled", true},
                      {"running", h.running},
                      {"format", std::to_string(c.width) + "x" + std::to_string(c.height) + "@" + std::to_string(c.fps)},
                      {"uptime_s", std::chrono::duration<double>(h.uptime).count()},
                      {"input", {{"spec", c.input},
                                 {"state", media::to_string(h.input_state)},
                                 {"restarts", h.input_restarts},
                                 {"last_error", h.input_last_error}}},
                      {"frames", {{"in", h.frames_in},
                                  {"out", h.frames_out},
                                  {"dropped", h.frames_dropped},
                                  {"duplicated", h.frames_duplicated},
                                  {"slate", h.frames_slate},
                                  {"standby", h.frames_standby},
                                  {"encoded", h.frames_encoded},
                                  {"preview", h.preview_frames}}},
                      {"audio_underruns", h.audio_underruns},
                      {"audio_level", {{"peak_db", h.audio_peak_db}, {"rms_db", h.audio_rms_db}}},
                      {"blend_ms", {{"avg", h.blend_avg_ms}, {"max", h.blend_max_ms}}},
                      {"outputs", outputs},
                      {"error", h.programme_error},
                      {"pipeline", {{"restarts", h.programme_restarts},
                                    {"restarting", h.programme_restarting},
                                    {"standby", h.standby_on_air}}}};
  return out;
}

// Server-sent events for the overlay page: the scene now, then each change as it
// is published, and a comment now and then so that proxies keep the line open.
class SceneEventStream : public ResponseStream {
 public:
  explicit SceneEventStream(ControlRoom& room) : room_(room) {}
  std::optional<std::string> next_part() override {
    const auto now = std::chrono::steady_clock::now();
    const auto generation = room_.graphics().published_generation();
    if (!sent_any_ || generation != sent_) {
      sent_any_ = true;
      sent_ = generation;
      last_ = now;
      return "data: " + scene_answer(room_).dump() + "\n\n";
    }
    if (now - last_ < std::chrono::seconds(15)) return std::nullopt;
    last_ = now;
    return std::string(": keep-alive\n\n");
  }
  std::chrono::milliseconds poll_interval() const override { return std::chrono::milliseconds(40); }

 private:
  ControlRoom& room_;
  bool sent_any_ = false;
  std::uint64_t sent_ = 0;
  std::chrono::steady_clock::time_point last_;
};

// The overlay's browser source has no staff session: ?token= stands in for one,
// for reading the scene only. A wrong token is refused outright. Returns the owner its
// streams count under, or nullopt once refused.
std::optional<std::string> scene_reader(AppContext& app, const Request& request, Respond& respond) {
  const auto token = request.query.find("token");
  if (token == request.query.end()) {
    const auto user = staff_user(app, request, Permission::view_programme, respond);
    if (!user) return std::nullopt;
    return stream_owner(user->id);
  }
  const auto& given = token->second;
  const auto& expected = app.overlay_token;
  if (given.size() == expected.size() && sodium_memcmp(given.data(), expected.data(), given.size()) == 0)
    return std::string(kOverlayStreamOwner);
  respond(error_response(403, "bad_token", "Mã overlay không đúng / wrong overlay token"));
  return std::nullopt;
}

// An endless response that gives its stream slot back when the transport drops it.
std::shared_ptr<ResponseStream> holding_slot(StreamSlots::Ticket slot, std::unique_ptr<ResponseStream> stream) {
  return std::shared_ptr<ResponseStream>(stream.release(), [slot = std::move(slot)](ResponseStream* s) { delete s; });
}

// Applies at once (take-to-air is not kept waiting on the disk), then records who
// changed what in the event log, which also tells every open control room.
void record_and_answer(AppContext& app, const core::User& user, std::optional<std::string> layer, Respond respond) {
  log_scene_change(app, user.name, std::move(layer),
                   [respond = std::move(respond)](std::exception_ptr error, std::string text) {
                     if (error) return respond(response_for(error));
                     respond(json_text_response(200, std::move(text)));
                   });
}

void get_scene(AppContext& app, Request& request, Respond respond) {
  if (!scene_reader(app, request, respond)) return;
  respond(json_response(200, scene_answer(app.control_room)));
}

void put_scene(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::control_graphics, respond);
  if (!user) return;
  auto scene = graphics::scene_from_json(read_object(request));
  check_logo(scene, app.control_room.graphics().scene());
  app.control_room.graphics().set_scene(std::move(scene));
  record_and_answer(app, *user, std::nullopt, std::move(respond));
}

void patch_scene_layer(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::control_graphics, respond);
  if (!user) return;
  const auto& layer = request.path_params.at("layer");
  const auto patch = read_object(request);
  auto& engine = app.control_room.graphics();
  check_logo(graphics::patch_layer(engine.scene(), layer, patch), engine.scene());
  engine.patch_layer(layer, patch);
  record_and_answer(app, *user, layer, std::move(respond));
}

// A still of a scene (the body, or the current one) through the same renderers:
// what PREVIEW shows before TAKE. ?background=clean draws it over the programme's
// picture without graphics (what a TAKE would really look like), =programme over
// the frame on air, graphics included.
void render_still(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, Permission::view_programme, respond)) return;
  auto& room = app.control_room;
  auto scene = request.body.empty() ? room.graphics().scene() : graphics::scene_from_json(read_object(request));
  check_logo(scene, room.graphics().scene());
  if (!request.body.empty()) room.graphics().prepare(scene);  // PREVIEW is what is taken next
  const auto background = request.query.find("background");
  const std::string over = background == request.query.end() ? "" : background->second;
  if (!over.empty() && over != "programme" && over != "clean")
    throw BadRequest(400, "bad_background",
                     "background must be 'clean' or 'programme' / background phải là 'clean' hoặc 'programme'");
  if (!over.empty() && !room.programme()) return respond(no_programme());
  room.worker().run([&room, scene = std::move(scene), over, respond = std::move(respond)] {
    try {
      std::string frame;
      if (over == "programme") frame = room.programme()->frame_png();
      if (over == "clean") frame = room.programme()->clean_frame_png();
      respond(png_response(room.graphics().render_png(
          scene, frame.empty() ? std::nullopt : std::optional<std::string_view>(frame))));
    } catch (...) {
      respond(response_for(std::current_exception()));
    }
  });
}

// What the control room will take next (the rundown's next question), rendered ahead so
// that its TAKE is a cut at the next frame. Nothing goes to air; only the latest is kept.
void prepare_scene(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, Permission::control_graphics, respond)) return;
  auto& engine = app.control_room.graphics();
  auto scene = graphics::scene_from_json(read_object(request));
  check_logo(scene, engine.scene());
  engine.prepare(std::move(scene));
  respond(json_response(202, {{"preparing", true}}));
}

void frame_png(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, Permission::view_programme, respond)) return;
  auto& room = app.control_room;
  if (!room.programme()) return respond(no_programme());
  room.worker().run([&room, respond = std::move(respond)] {
    auto png = room.programme()->frame_png();
    if (png.empty()) return respond(no_programme());
    respond(png_response(std::move(png)));
  });
}

void preview_mjpeg(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::view_programme, respond);
  if (!user) return;
  auto* programme = app.control_room.programme();
  if (!programme || !programme->running()) return respond(no_programme());
  auto slot = app.streams.take(stream_owner(user->id));
  if (auto* refused = std::get_if<Response>(&slot)) return respond(std::move(*refused));
  Response r;
  r.content_type = std::string("multipart/x-mixed-replace; boundary=") + kBoundary;
  r.headers.emplace_back("Cache-Control", "no-store");
  r.stream = holding_slot(std::get<StreamSlots::Ticket>(std::move(slot)), std::make_unique<PreviewStream>(*programme));
  respond(std::move(r));
}

void scene_events(AppContext& app, Request& request, Respond respond) {
  const auto owner = scene_reader(app, request, respond);
  if (!owner) return;
  auto slot = app.streams.take(*owner);
  if (auto* refused = std::get_if<Response>(&slot)) return respond(std::move(*refused));
  Response r;
  r.content_type = "text/event-stream; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Accel-Buffering", "no");  // nginx passes events through at once
  r.stream = holding_slot(std::get<StreamSlots::Ticket>(std::move(slot)),
                          std::make_unique<SceneEventStream>(app.control_room));
  respond(std::move(r));
}

// For the control room to show the address operators give the graphics system.
void overlay_address(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, Permission::view_programme, respond)) return;
  respond(json_response(200, {{"url", overlay_url(app.config, app.overlay_token)}}));
}

void health(AppContext& app, Request& request, Respond respond) {
  if (!staff_user(app, request, Permission::view_programme, respond)) return;
  respond(json_response(200, health_json(app.control_room)));
}

}  // namespace

void add_programme_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/program/scene", [&app](Request& r, Respond done) { get_scene(app, r, std::move(done)); });
  router.add("PUT", "/api/program/scene", [&app](Request& r, Respond done) { put_scene(app, r, std::move(done)); });
  router.add("PATCH", "/api/program/scene/{layer}",
             [&app](Request& r, Respond done) { patch_scene_layer(app, r, std::move(done)); });
  router.add("POST", "/api/program/render", [&app](Request& r, Respond done) { render_still(app, r, std::move(done)); });
  router.add("POST", "/api/program/prepare", [&app](Request& r, Respond done) { prepare_scene(app, r, std::move(done)); });
  router.add("GET", "/api/program/frame.png", [&app](Request& r, Respond done) { frame_png(app, r, std::move(done)); });
  router.add("GET", "/api/program/preview.mjpeg",
             [&app](Request& r, Respond done) { preview_mjpeg(app, r, std::move(done)); });
  router.add("GET", "/api/program/health", [&app](Request& r, Respond done) { health(app, r, std::move(done)); });
  router.add("GET", "/api/program/scene/events", [&app](Request& r, Respond done) { scene_events(app, r, std::move(done)); });
  router.add("GET", "/api/program/overlay", [&app](Request& r, Respond done) { overlay_address(app, r, std::move(done)); });
}

}  // namespace votercast::web
