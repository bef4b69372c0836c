#include "web/pages/archive_page.hpp"

#include <algorithm>

#include "core/follow_up.hpp"
#include "web/pages/html_escape.hpp"
#include "web/net/page_security.hpp"
#include "web/pages/voter_pages.hpp"

namespace votercast::web {
namespace {

// For a value inside a query string (RFC 3986 unreserved characters kept).
std::string query_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '.' ||
        u == '_' || u == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// The address of another page of the same search.
std::string page_address(const ArchiveSearch& search, int page) {
  std::string out = "/answers?";
  if (!search.q.empty()) out += "q=" + query_encode(search.q) + "&";
  if (!search.topic.empty()) out += "topic=" + query_encode(search.topic) + "&";
  if (!search.area.empty()) out += "area=" + query_encode(search.area) + "&";
  return out + "page=" + std::to_string(page);
}

// A select of the configured values; a chosen value no longer configured still shows.
std::string select_html(const char* id, const char* label, const char* all, const std::vector<std::string>& values,
                        const std::string& chosen) {
  std::string out = std::string("<label for=\"") + id + "\">" + label + "</label><select id=\"" + id + "\" name=\"" +
                    id + "\"><option value=\"\">" + all + "</option>";
  bool listed = chosen.empty();
  for (const auto& value : values) {
    const bool selected = value == chosen;
    listed = listed || selected;
    out += "<option" + std::string(selected ? " selected" : "") + ">" + html_escape(value) + "</option>";
  }
  if (!listed) out += "<option selected>" + html_escape(chosen) + "</option>";
  return out + "</select>";
}

std::string form_html(const ArchiveSearch& search, const ArchiveChoices& choices) {
  return "<form class=\"archive-search\" method=\"get\" action=\"/answers\" role=\"search\">"
         "<label for=\"q\">Tìm kiếm <span class=\"optional\">(không cần gõ dấu)</span></label>"
         "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" placeholder=\"VD: duong DT743\" value=\"" +
         html_escape(search.q) + "\">" + select_html("topic", "Lĩnh vực", "Tất cả lĩnh vực", choices.topics, search.topic) +
         select_html("area", "Địa bàn", "Tất cả địa bàn", choices.areas, search.area) +
         "<button type=\"submit\">Tìm</button></form>";
}

std::string item_html(const core::Question& q) {
  std::string meta;
  if (!q.topic.empty()) meta += "<span class=\"topic\">" + html_escape(q.topic) + "</span>";
  if (!q.area.empty()) meta += (meta.empty() ? "" : " · ") + std::string("<span class=\"area\">") + html_escape(q.area) + "</span>";
  return "<li class=\"archive-item\" id=\"q" + std::to_string(q.id) + "\"><article>" +
         (meta.empty() ? "" : "<p class=\"archive-meta\">" + meta + "</p>") + "<p class=\"asker\">" +
         html_escape(core::public_asker(q)) + " hỏi:</p><blockquote class=\"question\">" +
         html_escape(q.on_air_text.empty() ? q.original_text : q.on_air_text) + "</blockquote>" + answer_html(q) +
         "</article></li>";
}

std::string pages_html(const ArchiveSearch& search, std::int64_t pages) {
  if (pages <= 1 && search.page <= 1) return "";
  std::string out = "<nav class=\"pages\" aria-label=\"Trang\">";
  if (search.page > 1)
    out += "<a rel=\"prev\" href=\"" + html_escape(page_address(search, search.page - 1)) + "\">« Trang trước</a> ";
  out += "<span class=\"page-number\">Trang " + std::to_string(search.page) + "/" + std::to_string(std::max<std::int64_t>(pages, 1)) +
         "</span>";
  if (search.page < pages)
    out += " <a rel=\"next\" href=\"" + html_escape(page_address(search, search.page + 1)) + "\">Trang sau »</a>";
  return out + "</nav>";
}

std::string heading_html() {
  return "<h1>Câu hỏi đã được trả lời</h1>"
         "<p class=\"hint\">Câu hỏi của cử tri gửi chương trình và trả lời của cơ quan chức năng. "
         "<span lang=\"en\" class=\"en\">Voters' questions and the answers they got.</span></p>";
}

}  // namespace

Response archive_page(const ArchiveSearch& search, const core::store::QuestionPage& found, const ArchiveChoices& choices) {
  const bool filtered = !search.q.empty() || !search.topic.empty() || !search.area.empty();
  std::string main = heading_html() + form_html(search, choices);
  main += "<p class=\"archive-count\" id=\"count\">" +
          (found.total == 0 ? std::string(filtered ? "Không có câu trả lời nào phù hợp." : "Chưa có câu hỏi nào được trả lời.")
                            : std::to_string(found.total) + " câu hỏi đã được trả lời" + (filtered ? " phù hợp" : "") + ".") +
          "</p>";
  if (!found.questions.empty()) {
    main += "<ol class=\"archive\" id=\"answers\">";
    for (const auto& q : found.questions) main += item_html(q);
    main += "</ol>";
  }
  main += pages_html(search, (found.total + kArchivePageSize - 1) / kArchivePageSize);
  main += "<p><a href=\"/\">Gửi câu hỏi cho chương trình</a></p>";
  return html_response(200, voter_page("Câu hỏi đã được trả lời", main));
}

Response archive_refusal_page(int status, const std::string& message, const ArchiveSearch& search,
                              const ArchiveChoices& choices) {
  return html_response(status, voter_page("Câu hỏi đã được trả lời",
                                          heading_html() + form_html(search, choices) +
                                              "<p class=\"error\" id=\"error\">" + html_escape(message) + "</p>"));
}

}  // namespace votercast::web
