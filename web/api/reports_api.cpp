// The show's report: a page for people, JSON and CSV for tools and spreadsheets.
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/format/show_report_format.hpp"
#include "core/store/report_queries.hpp"
#include "web/api/api_support.hpp"
#include "web/net/page_security.hpp"
#include "web/pages/report_page.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::Permission;

// One read transaction, so that every figure counts the same moment.
std::optional<core::ShowReport> report_of(AppContext& app, std::int64_t show_id) {
  core::store::ReadTransaction moment(app.reader);
  auto report = core::store::build_show_report(app.reader, show_id, core::now_ms());
  moment.end();
  return report;
}

Response not_found() {
  return error_response(404, "show_not_found", "Không tìm thấy chương trình / no such show");
}

void report_page(AppContext& app, Request& request, Respond respond) {
  const auto show_id = id_param(request.path_params.at("show"), "show");
  if (!app.auth.current_user(request)) {
    return respond(html_response(
        401, "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Đăng nhập</title>"
             "<link rel=\"stylesheet\" href=\"/report.css\"></head><body><main><h1>Cần đăng nhập</h1>"
             "<p>Báo cáo dành cho cán bộ chương trình. <a href=\"/console\">Đăng nhập tại bàn biên tập</a> rồi mở lại trang này.</p>"
             "</main></body></html>"));
  }
  if (!staff_user(app, request, Permission::view_queue, respond)) return;
  const auto report = report_of(app, show_id);
  if (!report) return respond(not_found());
  respond(html_response(200, report_page_html(*report)));
}

void report_data(AppContext& app, Request& request, Respond respond) {
  const auto show_id = id_param(request.path_params.at("show"), "show");
  const auto it = request.query.find("format");
  const std::string format = it == request.query.end() || it->second.empty() ? "json" : it->second;
  if (format != "json" && format != "csv")
    throw BadRequest(400, "bad_format", "format must be 'json' or 'csv' / format phải là 'json' hoặc 'csv'");
  if (!staff_user(app, request, Permission::view_queue, respond)) return;
  const auto report = report_of(app, show_id);
  if (!report) return respond(not_found());
  if (format == "json") return respond(json_response(200, core::report_json(*report)));
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"votercast-show-" + std::to_string(show_id) + ".csv\"");
  r.body = "\xEF\xBB\xBF" + core::report_csv(*report);  // the BOM: Excel then reads UTF-8
  respond(std::move(r));
}

}  // namespace

void add_report_routes(Router& router, AppContext& app) {
  router.add("GET", "/reports/{show}", [&app](Request& r, Respond done) { report_page(app, r, std::move(done)); });
  router.add("GET", "/api/reports/{show}", [&app](Request& r, Respond done) { report_data(app, r, std::move(done)); });
}

}  // namespace votercast::web
