#include "web/pages/voter_pages.hpp"

#include "core/format/question_json.hpp"
#include "core/vietnam_time.hpp"
#include "web/pages/html_escape.hpp"
#include "web/net/page_security.hpp"

namespace votercast::web {
namespace {

std::string ticket_link(const std::string& ticket) { return "/t/" + html_escape(ticket); }

// Voters read Vietnam's clock (UTC+7 all year, no daylight saving): "23:40, 27/11/2026".
std::string vietnam_time(std::int64_t ms) { return core::vietnam_clock_text(ms) + ", " + core::vietnam_date_text(ms); }

}  // namespace

std::string voter_page(const std::string& title, const std::string& main) {
  return "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + html_escape(title) + " — Đối thoại với cử tri</title>"
         "<link rel=\"stylesheet\" href=\"/voter.css\"></head><body>"
         "<header class=\"masthead\"><a href=\"/\">Đối thoại với cử tri</a></header><main>" +
         main + "</main></body></html>";
}

std::string answer_html(const core::Question& q) {
  if (q.state != core::QuestionState::answered) return "";
  std::string out = "<section class=\"answer\">";
  if (q.answered_on_air_at_ms) {
    out += "<p class=\"answered-when\">Đã trả lời trực tiếp trên sóng lúc " +
           core::vietnam_moment_text(*q.answered_on_air_at_ms) + "</p>";
  } else {
    out += "<p class=\"answered-when\">Trả lời";
    if (!q.answered_agency.empty()) out += " của <strong class=\"answered-agency\">" + html_escape(q.answered_agency) + "</strong>";
    if (q.answered_at_ms) out += " lúc " + core::vietnam_moment_text(*q.answered_at_ms);
    out += "</p>";
  }
  if (!q.answer_text.empty()) out += "<blockquote class=\"answer-text\">" + html_escape(q.answer_text) + "</blockquote>";
  return out + "</section>";
}

Response submitted_page(const core::Question& q) {
  return html_response(
      201, voter_page("Đã gửi câu hỏi",
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
  // Once answered, the answer itself says who gave it.
  if (q.state == core::QuestionState::forwarded && !q.agency.empty())
    main += "<p>Cơ quan trả lời: <strong id=\"agency\">" + html_escape(q.agency) + "</strong></p>";
  if (q.state == core::QuestionState::forwarded && q.due_at_ms)
    main += "<p>Hạn trả lời: <strong id=\"due-date\">" + core::vietnam_date_text(*q.due_at_ms) + "</strong></p>";
  if (q.state == core::QuestionState::answered) main += "<h2>Trả lời</h2><div id=\"answer\">" + answer_html(q) + "</div>";
  main += "<dl>";
  if (!q.topic.empty()) main += "<dt>Lĩnh vực</dt><dd>" + html_escape(q.topic) + "</dd>";
  main += "<dt>Gửi lúc</dt><dd>" + vietnam_time(q.created_at_ms) + "</dd>"
          "<dt>Cập nhật</dt><dd>" + vietnam_time(q.updated_at_ms) + "</dd></dl>"
          "<h2>Nội dung câu hỏi</h2><blockquote id=\"text\">" + html_escape(q.original_text) + "</blockquote>"
          "<p><a href=\"/\">Gửi câu hỏi khác</a> · <a href=\"/answers\">Các câu hỏi đã được trả lời</a></p>";
  return html_response(200, voter_page("Câu hỏi " + q.ticket, main));
}

Response ticket_not_found_page(const std::string& code) {
  return html_response(404, voter_page("Không tìm thấy",
                                 "<h1>Không tìm thấy mã " + html_escape(code) + "</h1>"
                                 "<p>Vui lòng kiểm tra lại mã theo dõi (8 ký tự, ví dụ 7K3M9QXZ). "
                                 "<span lang=\"en\" class=\"en\">No question has this ticket.</span></p>"
                                 "<p><a href=\"/\">Trang gửi câu hỏi</a></p>"));
}

Response voter_error_page(int status, const std::string& message) {
  return html_response(status, voter_page("Chưa gửi được",
                                    "<h1>Câu hỏi chưa được gửi</h1><p class=\"error\" id=\"error\">" +
                                        html_escape(message) +
                                        "</p><p><a href=\"/\">Quay lại trang gửi câu hỏi</a> "
                                        "(nội dung bạn đã nhập vẫn còn khi bấm nút Quay lại của trình duyệt)</p>"));
}

Response vote_refused_page(int status, const std::string& message) {
  return html_response(status, voter_page("Chưa ghi nhận bình chọn",
                                          "<h1>Bình chọn chưa được ghi nhận</h1><p class=\"error\" id=\"error\">" +
                                              html_escape(message) +
                                              "</p><p><a class=\"button\" href=\"/#binh-chon\">Quay lại trang bình "
                                              "chọn</a></p>"));
}

Response vote_needs_reload_page() {
  return html_response(403, voter_page("Vui lòng tải lại trang",
                                       "<h1>Bình chọn chưa được ghi nhận</h1>"
                                       "<p class=\"error\" id=\"error\">Xin lỗi, hệ thống chưa nhận ra thiết bị của "
                                       "bạn: có thể trang đã mở quá lâu, hoặc trình duyệt đang chặn cookie. Bạn vui "
                                       "lòng tải lại trang bình chọn rồi chọn lại. Xin cảm ơn!</p>"
                                       "<p><span lang=\"en\" class=\"en\">Your vote was not counted: please reload "
                                       "the page, then vote again.</span></p>"
                                       "<p><a class=\"button\" href=\"/#binh-chon\">Tải lại trang bình chọn</a></p>"));
}

}  // namespace votercast::web
