// Operations endpoints: health, Prometheus metrics, and the public settings the
// voter page needs (topics, areas, public URL).
#include <cctype>
#include <memory>

#include <sodium.h>

#include "core/store/event_log.hpp"
#include "core/store/sms_outbox_table.hpp"
#include "web/api/api_support.hpp"
#include "web/net/ip_allow_list.hpp"
#include "web/sms/sms_sender.hpp"

namespace votercast::web {
namespace {

void healthz(AppContext& app, Request&, Respond respond) {
  try {
    const auto seq = core::store::last_event_seq(app.reader);
    respond(json_response(200, {{"status", "ok"}, {"last_seq", seq}}));
  } catch (const std::exception& e) {
    respond(error_response(503, "unhealthy", e.what()));
  }
}

// Who may read /metrics: [metrics] allow (loopback unless set), or a bearer token.
class MetricsAccess {
 public:
  explicit MetricsAccess(const MetricsSettings& settings)
      : allowed_(settings.allow.value_or(std::vector<std::string>{"127.0.0.0/8", "::1"})),
        nobody_by_address_(settings.allow && settings.allow->empty()),
        token_(settings.token) {}

  // nullopt: let in; otherwise the refusal.
  std::optional<Response> refusal(const Request& request) const {
    const auto bearer = bearer_of(request);
    if (!token_.empty() && bearer.size() == token_.size() &&
        sodium_memcmp(bearer.data(), token_.data(), token_.size()) == 0)
      return std::nullopt;
    // remote_ip is the client's address already, past trusted_proxies.
    if (!nobody_by_address_ && allowed_.allows(request.remote_ip)) return std::nullopt;
    if (token_.empty())
      return error_response(403, "metrics_forbidden", "Địa chỉ này không được đọc số liệu / this address may not read /metrics");
    auto refused = error_response(401, "bad_token", "Thiếu hoặc sai mã truy cập / missing or wrong bearer token for /metrics");
    refused.headers.emplace_back("WWW-Authenticate", "Bearer");
    return refused;
  }

 private:
  static std::string_view bearer_of(const Request& request) {
    std::string_view value = request.header("authorization");
    constexpr std::string_view scheme = "bearer ";
    if (value.size() <= scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return {};
    value.remove_prefix(scheme.size());
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return value;
  }

  IpAllowList allowed_;
  bool nobody_by_address_;
  std::string token_;
};

void metrics(AppContext& app, const MetricsAccess& access, Request& request, Respond respond) {
  if (auto refused = access.refusal(request)) return respond(std::move(*refused));
  const auto writer = app.writer.stats();
  const auto graphics = app.control_room.graphics().stats();
  std::map<std::string, double> gauges = {
      {"votercast_graphics_blend_ms_mean", graphics.mean_blend_ms},
      {"votercast_graphics_blend_ms_max", graphics.max_blend_ms},
      {"votercast_graphics_take_to_air_ms", graphics.last_on_air_ms},
      {"votercast_graphics_prepared_renders", static_cast<double>(graphics.prepared_renders)},
      {"votercast_graphics_prepared_takes", static_cast<double>(graphics.prepared_takes)},
  };
  if (auto* programme = app.control_room.programme()) {
    const auto h = programme->health();
    std::size_t outputs_running = 0;
    double output_kbps = 0;
    for (const auto& o : h.outputs) {
      outputs_running += o.state == media::OutputState::running;
      output_kbps += o.bitrate_kbps;
    }
    gauges.insert({
        {"votercast_programme_running", h.running ? 1.0 : 0.0},
        {"votercast_programme_input_live", h.input_state == media::InputState::live ? 1.0 : 0.0},
        {"votercast_programme_input_restarts", static_cast<double>(h.input_restarts)},
        {"votercast_programme_frames_in", static_cast<double>(h.frames_in)},
        {"votercast_programme_frames_out", static_cast<double>(h.frames_out)},
        {"votercast_programme_frames_dropped", static_cast<double>(h.frames_dropped)},
        {"votercast_programme_frames_duplicated", static_cast<double>(h.frames_duplicated)},
        {"votercast_programme_frames_slate", static_cast<double>(h.frames_slate)},
        {"votercast_programme_frames_standby", static_cast<double>(h.frames_standby)},
        {"votercast_programme_standby_on_air", h.standby_on_air ? 1.0 : 0.0},
        {"votercast_programme_outputs", static_cast<double>(h.outputs.size())},
        {"votercast_programme_outputs_running", static_cast<double>(outputs_running)},
        {"votercast_programme_output_kbps", output_kbps},
    });
  }
  // The answer SMS we owe voters: pending ones that pile up, or any failed, want a look.
  const auto outbox = core::store::count_outbox(app.reader);
  for (const char* state : {"pending", "sent", "failed"}) {
    const auto it = outbox.find(state);
    gauges[std::string("votercast_sms_outbox_") + state] = it == outbox.end() ? 0.0 : static_cast<double>(it->second);
  }
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  gauges.insert({
      {"votercast_store_queue_depth", static_cast<double>(writer.queued)},
      {"votercast_store_jobs_committed", static_cast<double>(writer.jobs)},
      {"votercast_store_batches_committed", static_cast<double>(writer.batches)},
      {"votercast_store_largest_batch", static_cast<double>(writer.largest_batch)},
      {"votercast_store_checkpoints", static_cast<double>(writer.checkpoints)},
      {"votercast_store_writer_cache_bytes", static_cast<double>(writer.cache_bytes)},
      {"votercast_ws_clients", static_cast<double>(app.hub.clients())},
      {"votercast_ws_resyncs", static_cast<double>(app.hub.resyncs())},
      {"votercast_open_connections", static_cast<double>(app.open_connections())},
      {"votercast_sms_sender_passes", static_cast<double>(app.sms_sender.passes())},
      {"votercast_intake_refused_rate_limited", static_cast<double>(app.intake_guard.refused_rate_limited())},
      {"votercast_intake_refused_store_busy", static_cast<double>(app.intake_guard.refused_store_busy())},
      {"votercast_login_throttle_tracked", static_cast<double>(app.throttle.tracked())},
  });
  r.body = app.metrics.render(gauges);
  respond(std::move(r));
}

void public_config(AppContext& app, Request&, Respond respond) {
  respond(json_response(200, {{"public_url", app.config.public_url},
                              {"topics", app.config.topics},
                              {"areas", app.config.areas},
                              {"agencies", app.config.agencies},
                              {"max_text_chars", 1000},
                              {"intake_paused", app.intake.paused.load()}}));
}

}  // namespace

void add_system_routes(Router& router, AppContext& app) {
  router.add("GET", "/healthz", [&app](Request& r, Respond done) { healthz(app, r, std::move(done)); });
  auto access = std::make_shared<const MetricsAccess>(app.config.metrics);
  router.add("GET", "/metrics",
             [&app, access](Request& r, Respond done) { metrics(app, *access, r, std::move(done)); });
  router.add("GET", "/api/config/public", [&app](Request& r, Respond done) { public_config(app, r, std::move(done)); });
}

}  // namespace votercast::web
