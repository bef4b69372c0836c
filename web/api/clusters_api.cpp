// "Cụm câu hỏi": a show's clusters of questions that ask the same thing, the largest first,
// and what a moderator does with a whole cluster or with a selection of the queue.
#include "core/format/json_text.hpp"
#include "core/format/question_json.hpp"
#include "core/store/cluster_table.hpp"
#include "core/store/show_table.hpp"
#include "web/api/api_support.hpp"
#include "web/live/read_thread.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::Permission;
constexpr int kMaxClustersPerPage = 100;

std::string cluster_json_text(const core::store::ClusterSummary& c) {
  std::string areas = "[";
  for (const auto& [area, n] : c.areas) {
    if (areas.size() > 1) areas += ',';
    areas += core::JsonObjectText().str("area", area).num("n", n).finish();
  }
  areas += ']';
  core::JsonObjectText channels;
  for (const auto& [channel, n] : c.channels) channels.num(channel, n);
  return core::JsonObjectText()
      .num("id", c.id)
      .num("questions", c.questions)
      .num("pending", c.pending)
      .num("voters", c.voters)
      .raw("representative", c.representative ? core::staff_json_text(*c.representative) : "null")
      .raw("areas", areas)
      .raw("channels", channels.finish())
      .finish();
}

std::int64_t number_param(const Request& request, const char* name, std::int64_t fallback, std::int64_t most) {
  const auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return fallback;
  if (it->second == "0" && fallback == 0) return 0;
  const auto v = id_param(it->second, name);
  if (v > most) throw BadRequest(400, std::string("bad_") + name, std::string(name) + " is at most " + std::to_string(most));
  return v;
}

void list(AppContext& app, Request& request, Respond respond) {
  const auto user = staff_user(app, request, Permission::view_queue, respond);
  if (!user) return;
  respond = phones_as_seen_by(*user, std::move(respond));
  const auto show = show_param(app, request);
  const auto limit = static_cast<int>(number_param(request, "limit", 30, kMaxClustersPerPage));
  const auto offset = number_param(request, "offset", 0, 1'000'000);
  auto read = [=](core::store::Database& db) {
    core::store::ReadTransaction moment(db);
    const auto page = core::store::list_clusters(db, show, limit, offset);
    moment.end();
    std::string clusters = "[";
    for (const auto& c : page.clusters) {
      if (clusters.size() > 1) clusters += ',';
      clusters += cluster_json_text(c);
    }
    clusters += ']';
    return core::JsonObjectText().num("show_id", show).raw("clusters", clusters).num("total", page.total).finish();
  };
  auto reply = [respond](std::exception_ptr error, std::string body) {
    respond(error ? response_for(error) : json_text_response(200, std::move(body)));
  };
  if (!app.staff_reads.read<std::string>(read, std::move(reply))) respond(staff_reads_busy());
}

core::ClusterRequest cluster_request(const Request& request, const core::User& user) {
  core::ClusterRequest r;
  r.cluster_id = id_param(request.path_params.at("id"), "id");
  r.actor = user.name;
  if (!request.body.empty()) {
    const auto body = read_object(request);
    r.into = optional_int(body, "into");
    r.reason = optional_string(body, "reason");
  }
  return r;
}

core::Reply<core::ClusterOutcome> cluster_reply(const core::User& user, Respond respond) {
  return reply_json_text<core::ClusterOutcome>(
      phones_as_seen_by(user, std::move(respond)), 200, [](const core::ClusterOutcome& out) {
        return core::JsonObjectText()
            .num("changed", out.changed)
            .raw("into", out.into ? core::staff_json_text(*out.into) : "null")
            .finish();
      });
}

void merge_cluster(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::moderate, respond);
  if (!user) return;
  app.question_desk.merge_cluster(cluster_request(request, *user), cluster_reply(*user, std::move(respond)));
}

void reject_cluster(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::moderate, respond);
  if (!user) return;
  app.question_desk.reject_cluster(cluster_request(request, *user), cluster_reply(*user, std::move(respond)));
}

void bulk(AppContext& app, Request& request, Respond respond) {
  auto user = staff_user(app, request, Permission::moderate, respond);
  if (!user) return;
  const auto body = read_object(request);
  core::BulkRequest r;
  const auto action = required_string(body, "action");
  if (action == "approve")
    r.action = core::BulkAction::approve;
  else if (action == "reject")
    r.action = core::BulkAction::reject;
  else if (action == "merge")
    r.action = core::BulkAction::merge;
  else
    throw BadRequest(400, "unknown_action", "action is approve, reject or merge");
  const auto items = body.find("items");
  if (items == body.end() || !items->is_array())
    throw BadRequest(400, "bad_items", "items is a list of {\"id\", \"version\"}");
  if (items->empty() || items->size() > core::kMaxBulkItems)
    throw BadRequest(400, "bad_items", "Chọn từ 1 đến " + std::to_string(core::kMaxBulkItems) + " câu hỏi / give 1 to " +
                                           std::to_string(core::kMaxBulkItems) + " items");
  for (const auto& item : *items) {
    if (!item.is_object()) throw BadRequest(400, "bad_items", "items is a list of {\"id\", \"version\"}");
    r.items.emplace_back(required_int(item, "id"), required_int(item, "version"));
  }
  r.into = optional_int(body, "into");
  r.reason = optional_string(body, "reason");
  r.actor = user->name;
  app.question_desk.bulk(std::move(r), reply_json_text<core::BulkOutcome>(
                                           phones_as_seen_by(*user, std::move(respond)), 200, [](const core::BulkOutcome& out) {
                                             std::string refused = "[";
                                             for (const auto& f : out.refused) {
                                               if (refused.size() > 1) refused += ',';
                                               refused += core::JsonObjectText().num("id", f.id).str("code", f.code).str("message", f.message).finish();
                                             }
                                             refused += ']';
                                             return core::JsonObjectText()
                                                 .raw("changed", json_array_text(out.changed, core::staff_json_text))
                                                 .raw("refused", refused)
                                                 .finish();
                                           }));
}

}  // namespace

void add_cluster_routes(Router& router, AppContext& app) {
  router.add("GET", "/api/clusters", [&app](Request& r, Respond done) { list(app, r, std::move(done)); });
  router.add("POST", "/api/clusters/{id}/merge", [&app](Request& r, Respond done) { merge_cluster(app, r, std::move(done)); });
  router.add("POST", "/api/clusters/{id}/reject", [&app](Request& r, Respond done) { reject_cluster(app, r, std::move(done)); });
  router.add("POST", "/api/questions/bulk", [&app](Request& r, Respond done) { bulk(app, r, std::move(done)); });
}

}  // namespace votercast::web
