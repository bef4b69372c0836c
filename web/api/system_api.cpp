// Operations endpoints: health, Prometheus metrics, and the public settings the
// voter page needs (topics, areas, public URL).
#include "core/store/event_log.hpp"
#include "web/api/api_support.hpp"

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

void metrics(AppContext& app, Request&, Respond respond) {
  const auto writer = app.writer.stats();
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = app.metrics.render({
      {"votercast_store_queue_depth", static_cast<double>(writer.queued)},
      {"votercast_store_jobs_committed", static_cast<double>(writer.jobs)},
      {"votercast_store_batches_committed", static_cast<double>(writer.batches)},
      {"votercast_store_largest_batch", static_cast<double>(writer.largest_batch)},
      {"votercast_store_checkpoints", static_cast<double>(writer.checkpoints)},
      {"votercast_ws_clients", static_cast<double>(app.hub.clients())},
      {"votercast_ws_resyncs", static_cast<double>(app.hub.resyncs())},
      {"votercast_open_connections", static_cast<double>(app.open_connections())},
  });
  respond(std::move(r));
}

void public_config(AppContext& app, Request&, Respond respond) {
  respond(json_response(200, {{"public_url", app.config.public_url},
                              {"topics", app.config.topics},
                              {"areas", app.config.areas},
                              {"agencies", app.config.agencies},
                              {"max_text_chars", 1000}}));
}

}  // namespace

void add_system_routes(Router& router, AppContext& app) {
  router.add("GET", "/healthz", [&app](Request& r, Respond done) { healthz(app, r, std::move(done)); });
  router.add("GET", "/metrics", [&app](Request& r, Respond done) { metrics(app, r, std::move(done)); });
  router.add("GET", "/api/config/public", [&app](Request& r, Respond done) { public_config(app, r, std::move(done)); });
}

}  // namespace votercast::web
