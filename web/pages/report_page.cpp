#include "web/pages/report_page.hpp"

#include <algorithm>

#include "core/vietnam_time.hpp"
#include "web/pages/html_escape.hpp"

namespace votercast::web {
namespace {

struct Bar {
  std::string label;
  std::int64_t value = 0;
};

std::string channel_label(const std::string& channel) {
  if (channel == "web") return "Trang web";
  if (channel == "sms") return "Tin nhắn SMS";
  if (channel == "callin") return "Gọi điện";
  if (channel == "staff") return "Biên tập nhập";
  return channel;
}

std::string or_unstated(const std::string& name) { return name.empty() ? "(không ghi)" : name; }

// A horizontal bar chart: one row per bar, the label left, the value right of the bar.
std::string bar_chart(const std::string& caption, const std::vector<Bar>& bars, const char* colour = "#0b2254") {
  constexpr int kWidth = 720, kRow = 30, kLabel = 260, kBarMax = 360;
  std::int64_t top = 1;
  for (const auto& b : bars) top = std::max(top, b.value);
  const int height = static_cast<int>(bars.size()) * kRow + 10;
  std::string svg = "<figure class=\"chart\"><figcaption>" + html_escape(caption) +
                    "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    std::to_string(kWidth) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(kWidth) + " " + std::to_string(height) + "\" aria-label=\"" + html_escape(caption) +
                    "\">";
  int y = 5;
  for (const auto& b : bars) {
    const int width = static_cast<int>(static_cast<double>(b.value) / static_cast<double>(top) * kBarMax);
    svg += "<text x=\"" + std::to_string(kLabel - 8) + "\" y=\"" + std::to_string(y + 19) +
           "\" text-anchor=\"end\" font-size=\"14\" fill=\"#1a1a1a\">" + html_escape(b.label) + "</text>";
    svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
           std::to_string(std::max(width, b.value > 0 ? 2 : 0)) + "\" height=\"" + std::to_string(kRow - 8) +
           "\" fill=\"" + colour + "\"/>";
    svg += "<text x=\"" + std::to_string(kLabel + width + 8) + "\" y=\"" + std::to_string(y + 19) +
           "\" font-size=\"14\" font-weight=\"bold\" fill=\"#1a1a1a\">" + std::to_string(b.value) + "</text>";
    y += kRow;
  }
  return svg + "</svg></figure>";
}

std::vector<Bar> bars_of(const std::vector<core::ReportCount>& counts, bool channels = false, std::size_t max = 15) {
  std::vector<Bar> out;
  for (const auto& c : counts) {
    if (out.size() == max) break;
    out.push_back({channels ? channel_label(c.name) : or_unstated(c.name), c.count});
  }
  return out;
}

std::string figure(const std::string& label, std::int64_t value, const char* kind = "") {
  return std::string("<div class=\"figure ") + kind + "\"><span class=\"value\">" + std::to_string(value) +
         "</span><span class=\"label\">" + html_escape(label) + "</span></div>";
}

std::string duplicates_table(const core::ShowReport& r) {
  if (r.duplicates.empty()) return "<p class=\"empty\">Không có câu hỏi trùng được gộp.</p>";
  std::string out = "<table class=\"duplicates\"><thead><tr><th>Câu hỏi</th><th>Mã</th><th>Số cử tri cùng hỏi</th></tr></thead><tbody>";
  for (const auto& d : r.duplicates)
    out += "<tr><td>#" + std::to_string(d.id) + " " + html_escape(d.text) + "</td><td>" + html_escape(d.ticket) +
           "</td><td class=\"n\">" + std::to_string(d.voters) + "</td></tr>";
  return out + "</tbody></table>";
}

std::string polls_section(const core::ShowReport& r) {
  if (r.polls.empty()) return "<p class=\"empty\">Chương trình không có cuộc bình chọn.</p>";
  std::string out;
  for (const auto& p : r.polls) {
    std::vector<Bar> bars;
    for (std::size_t i = 0; i < p.poll.options.size(); ++i)
      bars.push_back({p.poll.options[i].code + " — " + p.poll.options[i].label, p.votes[i].count});
    out += bar_chart(p.poll.title + " (" + std::to_string(p.total) + " lượt)", bars, "#c8102e");
  }
  return out;
}

}  // namespace

std::string report_page_html(const core::ShowReport& r) {
  const std::string title = "Báo cáo chương trình: " + r.show.title;
  std::string when = core::vietnam_moment_text(r.show.opened_at_ms);
  if (r.show.closed_at_ms) when += " – " + core::vietnam_moment_text(*r.show.closed_at_ms);
  std::string html =
      "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
      html_escape(title) + "</title><link rel=\"stylesheet\" href=\"/report.css\"></head><body><main>";
  html += "<header><h1>" + html_escape(title) + "</h1><p class=\"when\">" + html_escape(when) +
          "</p><p class=\"exports\"><a href=\"/api/reports/" + std::to_string(r.show.id) +
          "?format=csv\">Tải CSV</a> · <a href=\"/api/reports/" + std::to_string(r.show.id) +
          "?format=json\">JSON</a></p></header>";
  html += "<section class=\"figures\">" + figure("câu hỏi nhận được", r.received) + figure("được duyệt", r.approved) +
          figure("lên sóng", r.aired) + figure("gộp trùng", r.merged) + figure("chuyển cơ quan", r.forwarded) +
          figure("đã trả lời", r.answered) + figure("trả lời đúng hạn", r.answered_on_time, "good") +
          figure("quá hạn chưa trả lời", r.overdue, r.overdue ? "bad" : "") + "</section>";
  html += "<section><h2>Câu hỏi theo kênh</h2>" + bar_chart("Theo kênh gửi", bars_of(r.by_channel, true)) + "</section>";
  html += "<section><h2>Theo chủ đề và địa bàn</h2>" + bar_chart("Theo chủ đề", bars_of(r.by_topic)) +
          bar_chart("Theo địa bàn", bars_of(r.by_area)) + "</section>";
  html += "<section><h2>Xử lý</h2>" +
          bar_chart("Từ khi nhận đến khi trả lời",
                    {{"Nhận được", r.received}, {"Được duyệt", r.approved}, {"Không chọn", r.rejected},
                     {"Gộp trùng", r.merged}, {"Lên sóng", r.aired}, {"Chuyển cơ quan", r.forwarded},
                     {"Đã trả lời", r.answered}, {"Trả lời đúng hạn", r.answered_on_time},
                     {"Trả lời trễ hạn", r.answered_late}, {"Trả lời trên sóng", r.answered_on_air},
                     {"Quá hạn chưa trả lời", r.overdue}}) +
          "</section>";
  html += "<section><h2>Câu hỏi trùng đã gộp</h2>" + duplicates_table(r) + "</section>";
  html += "<section><h2>Người gọi</h2><div class=\"figures\">" + figure("cuộc gọi", r.callers) +
          figure("lên sóng", r.callers_on_air) + figure("bỏ", r.callers_dropped) + "</div></section>";
  html += "<section><h2>Bình chọn</h2>" + polls_section(r) + "</section>";
  html += "<footer>Lập lúc " + html_escape(core::vietnam_moment_text(r.generated_at_ms)) + " — votercast</footer>";
  return html + "</main></body></html>";
}

}  // namespace votercast::web
