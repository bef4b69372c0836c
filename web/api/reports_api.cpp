// The show's report: a page for people, JSON and CSV for tools and spreadsheets. Built on
// the staff read thread: at 200,000 questions it takes a good fraction of a second, which
// the network thread (live intake, the consoles) must not wait for.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/format/show_report_format.hpp"
#include "core/store/report_queries.hpp"
#include "web/api/api_support.hpp"
#include "web/net/page_security.hpp"
#include "web/pages/report_page.hpp"
#include "web/live/read_thread.hpp"
#include "web/net/request_body.hpp"

namespace votercast::web {
namespace {

using core::Permission;

Response not_found() {
  return error_response(404, "show_not_found", "Không tìm thấy chương trình / no such show");
}

// Builds the report off the network thread, then answers with make(report) there (or 404,
// or 503 when too many heavy reads are waiting). One read transaction, so that every
// figure counts the same moment.
void with_report(AppContext& app, std::int64_t show_id, Respond respond,
                 std::function<Response(const core::ShowReport&)> make) {
  using Report = std::optional<core::ShowReport>;
  auto build = [show_id](core::store::Database& db) {
    core::store::ReadTransaction moment(db);
    auto report = core::store::build_show_report(db, show_id, core::now_ms());
    moment.end();
    return report;
  };
  auto reply = [respond, make = std::move(make)](std::exception_ptr error, Report report) {
    if (error) return respond(response_for(error));
    respond(report ? make(*report) : not_found());
  };
  if (!app.staff_reads.read<Report>(build, std::move(reply))) {
    auto busy = error_response(503, "reports_busy", "Máy chủ đang bận, vui lòng thử lại / the server is busy, try again");
    busy.headers.emplace_back("Retry-After", "2");
    respond(std::move(busy));
  }
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
  with_report(app, show_id, std::move(respond), [](const core::ShowReport& report) { return html_response(200, report_page_html(report)); });
}

void report_data(AppContext& app, Request& request, Respond respond) {
  const auto show_id = id_param(request.path_params.at("show"), "show");
  const auto it = request.query.find("format");
  const std::string format = it == request.query.end() || it->second.empty() ? "json" : it->second;
  if (format != "json" && format != "csv")
    throw BadRequest(400, "bad_format", "format must be 'json' or 'csv' / format phải là 'json' hoặc 'csv'");
  if (!staff_user(app, request, Permission::view_queue, respond)) return;
  with_report(app, show_id, std::move(respond), [format, show_id](const core::ShowReport& report) {
    if (format == "json") return json_response(200, core::report_json(report));
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"votercast-show-" + std::to_string(show_id) + ".csv\"");
    r.body = "\xEF\xBB\xBF" + core::report_csv(report);  // the BOM: Excel then reads UTF-8
    return r;
  });
}

}  // namespace

void add_report_routes(Router& router, AppContext& app) {
  router.add("GET", "/reports/{show}", [&app](Request& r, Respond done) { report_page(app, r, std::move(done)); });
  router.add("GET", "/api/reports/{show}", [&app](Request& r, Respond done) { report_data(app, r, std::move(done)); });
}

}  // namespace votercast::web
