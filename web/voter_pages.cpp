#include "web/voter_pages.hpp"

#include <chrono>
#include <cstdio>

#include "core/question_json.hpp"
#include "web/html_escape.hpp"
#include "web/page_security.hpp"

namespace votercast::web {
namespace {

std::string page(const std::string& title, const std::string& main) {
  return "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + html_escape(title) + " — Đối thoại với cử tri</title>"
         "<link rel=\"stylesheet\" href=\"/voter.css\"></head><body>"
         "<header class=\"masthead\"><a href=\"/\">Đối thoại với cử tri</a></header><main>" +
         main + "</main></body></html>";
}

std::string ticket_link(const std::string& ticket) { return "/t/" + html_escape(ticket); }

// Voters read Vietnam's clock (UTC+7 all year, no daylight saving): "23:40, 27/11/2026".
std::string vietnam_time(std::int64_t ms) {
  const std::int64_t seconds = ms / 1000 + 7 * 3600;
  const auto days = std::chrono::sys_days{} + std::chrono::days{seconds / 86400};
  const std::chrono::year_month_day date{days};
  const auto of_day = seconds % 86400;
  char out[32];
  std::snprintf(out, sizeof out, "%02d:%02d, %02u/%02u/%d", static_cast<int>(of_day / 3600),
                static_cast<int>(of_day / 60 % 60), static_cast<unsigned>(date.day()),
                static_cast<unsigned>(date.month()), static_cast<int>(date.year()));
  return out;
}

}  // namespace

Response submitted_page(const core::Question& q) {
  return html_response(
      201, page("Đã gửi câu hỏi",
                "<h1>Cảm ơn bạn đã gửi câu hỏi</h1>"
                "<p>Mã theo dõi của bạn <span lang=\"en\" class=\"en\">(your ticket)</span>:</p>"
                "<p class=\"ticket\" id=\"ticket\">" + html_escape(q.ticket) + "</p>"
                "<p>Hãy ghi lại mã này để theo dõi câu hỏi sau chương trình.</p>"
                "<p><a class=\"button\" href=\"" + ticket_link(q.ticket) + "\">Xem trạng thái câu hỏi</a> "
                "<a href=\"/\">Gửi câu hỏi khác</a></p>"));
}

Response ticket_page(const core::Question& q) {
  const auto status = core::public_status(q.state);
  std::string main = "<h1>Câu hỏi " + html_escape(q.ticket) + "</h1>"
                     "<p class=\"status status-" + std::string(status.code) + "\" id=\"status\">" +
                     html_escape(status.label_vi) + " <span lang=\"en\" class=\"en\">" + html_escape(status.label_en) +
                     "</span></p>";
  if (core::shows_agency(q.state) && !q.agency.empty())
    main += "<p>Cơ quan trả lời: <strong id=\"agency\">" + html_escape(q.agency) + "</strong></p>";
  main += "<dl>";
  if (!q.topic.empty()) main += "<dt>Lĩnh vực</dt><dd>" + html_escape(q.topic) + "</dd>";
  main += "<dt>Gửi lúc</dt><dd>" + vietnam_time(q.created_at_ms) + "</dd>"
          "<dt>Cập nhật</dt><dd>" + vietnam_time(q.updated_at_ms) + "</dd></dl>"
          "<h2>Nội dung câu hỏi</h2><blockquote id=\"text\">" + html_escape(q.original_text) + "</blockquote>"
          "<p><a href=\"/\">Gửi câu hỏi khác</a></p>";
  return html_response(200, page("Câu hỏi " + q.ticket, main));
}

Response ticket_not_found_page(const std::string& code) {
  return html_response(404, page("Không tìm thấy",
                                 "<h1>Không tìm thấy mã " + html_escape(code) + "</h1>"
                                 "<p>Vui lòng kiểm tra lại mã theo dõi (8 ký tự, ví dụ 7K3M9QXZ). "
                                 "<span lang=\"en\" class=\"en\">No question has this ticket.</span></p>"
                                 "<p><a href=\"/\">Trang gửi câu hỏi</a></p>"));
}

Response voter_error_page(int status, const std::string& message) {
  return html_response(status, page("Chưa gửi được",
                                    "<h1>Câu hỏi chưa được gửi</h1><p class=\"error\" id=\"error\">" +
                                        html_escape(message) +
                                        "</p><p><a href=\"/\">Quay lại trang gửi câu hỏi</a> "
                                        "(nội dung bạn đã nhập vẫn còn khi bấm nút Quay lại của trình duyệt)</p>"));
}

}  // namespace votercast::web
