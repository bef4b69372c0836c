// The caller's way in (docs/CALLINS.md, "Joining"): /call/{token} serves the call page
// to the phone the link is for, /call takes the short code read out on air, and
// POST /call/{token}/join is the link's one use, which seats the phone with a cookie.
// A link preview (a chat app fetching the address) only reads: nothing is used up
// until the page's own script joins.
#include <memory>
#include <string>

#include "core/call_link.hpp"
#include "core/clock.hpp"
#include "core/desk/call_link_desk.hpp"
#include "core/rate_bucket.hpp"
#include "core/store/call_link_table.hpp"
#include "core/store/caller_table.hpp"
#include "web/api/api_support.hpp"
#include "web/net/cookies.hpp"
#include "web/net/page_security.hpp"
#include "web/net/static_files.hpp"
#include "web/pages/html_escape.hpp"
#include "web/pages/voter_pages.hpp"

namespace votercast::web {
namespace {

constexpr const char* kSeatCookie = "vc_call_seat";
constexpr int kSeatMaxAgeSeconds = 12 * 3600;  // a show's length
// Codes tried from one address: a few typos, then one try a minute. Six digits and a
// handful of open links: guessing one would take weeks at this pace.
constexpr double kCodeBurst = 10;
constexpr double kCodesPerSecond = 1.0 / 60;

std::string seat_cookie(const AppContext& app, const std::string& seat) {
  std::string cookie = std::string(kSeatCookie) + "=" + seat + "; Path=/call/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(kSeatMaxAgeSeconds);
  if (app.config.public_url.starts_with("https://")) cookie += "; Secure";
  return cookie;
}

std::optional<std::string> seat_of(const Request& request) {
  auto seat = cookie_value(request, kSeatCookie);
  if (seat && !core::looks_like_call_token(*seat)) return std::nullopt;
  return seat;
}

// The link in an address must not travel on to anyone (Referer) or stay in a cache.
void keep_private(Response& r) {
  for (auto& [name, value] : r.headers) {
    if (name == "Referrer-Policy") value = "no-referrer";
    if (name == "Cache-Control") value = "no-store";
  }
}

Response problem_page(int status, const std::string& message) {
  auto r = html_response(status, voter_page("Gọi video", "<h1>Không vào được cuộc gọi video</h1><p class=\"call-problem\" id=\"problem\">" +
                                                            html_escape(message) +
                                                            "</p><p><a href=\"/call\">Nhập mã số gọi video</a> "
                                                            "<span lang=\"en\" class=\"en\">(enter a call code)</span></p>"));
  keep_private(r);
  return r;
}

Response code_form(int status, const std::string& message) {
  std::string main =
      "<h1>Gọi video vào chương trình <span lang=\"en\" class=\"en\">Video call-in</span></h1>"
      "<p>Nhập mã 6 chữ số mà chương trình đọc trên sóng hoặc ban biên tập đưa cho bạn. "
      "<span lang=\"en\" class=\"en\">Enter the 6-digit code read out on air.</span></p>";
  if (!message.empty()) main += "<p class=\"call-problem\" id=\"problem\" role=\"alert\">" + html_escape(message) + "</p>";
  main +=
      "<form method=\"get\" action=\"/call\" class=\"call-code\"><label for=\"code\">Mã số gọi video</label>"
      "<input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" "
      "maxlength=\"6\" required><button type=\"submit\">Tiếp tục</button></form>";
  auto r = html_response(status, voter_page("Gọi video", main));
  keep_private(r);
  return r;
}

void call_page(AppContext& app, Request& request, Respond respond) {
  const auto& token = request.path_params.at("token");
  const auto link = core::looks_like_call_token(token) ? core::store::find_call_link(app.reader, core::hash_call_token(token))
                                                       : std::nullopt;
  if (!link)
    return respond(problem_page(404, "Không tìm thấy liên kết gọi video này. Xin kiểm tra lại địa chỉ. / No such call link."));
  const auto caller = core::store::load_caller(app.reader, link->caller_id);
  if (!caller || caller->state == core::CallerState::done || caller->state == core::CallerState::dropped)
    return respond(problem_page(410, "Cuộc gọi này đã kết thúc. Cảm ơn bạn đã tham gia chương trình. / This call is over."));
  const auto status = core::status_of(*link, core::now_ms());
  const auto seat = seat_of(request);
  const bool seated = status == core::CallLinkStatus::used && seat && core::hash_call_token(*seat) == link->seat_hash;
  if (status != core::CallLinkStatus::open && !seated)
    return respond(problem_page(410, std::string(core::call_link_problem_message(status))));
  auto page = static_file(app.config.static_dir, "/call.html");
  keep_private(page);
  respond(std::move(page));
}

void join(AppContext& app, Request& request, Respond respond) {
  if (!same_origin(request, app.config.public_url))
    return respond(error_response(403, "cross_origin", "Yêu cầu từ trang khác bị từ chối / cross-site request refused"));
  const auto& token = request.path_params.at("token");
  if (!core::looks_like_call_token(token))
    return respond(error_response(404, "call_link_unknown", "Không tìm thấy liên kết gọi video này. / No such call link."));
  // Refused before the link is used up: the caller can try again when a line frees.
  if (const auto link = core::store::find_call_link(app.reader, core::hash_call_token(token));
      link && app.call_lines.full(link->caller_id))
    return respond(error_response(503, "calls_full",
                                  "Các đường gọi video đang bận hết. Xin thử lại sau ít phút. / Every video line is "
                                  "busy: please try again in a few minutes."));
  app.call_link_desk.join(token, seat_of(request),
                          [&app, respond = std::move(respond)](std::exception_ptr error, core::JoinedCall joined) {
                            if (error) return respond(response_for(error));
                            auto r = json_response(200, {{"name", joined.caller.name},
                                                         {"state", core::to_string(joined.caller.state)}});
                            if (!joined.new_seat.empty()) r.headers.emplace_back("Set-Cookie", seat_cookie(app, joined.new_seat));
                            r.headers.emplace_back("Cache-Control", "no-store");
                            respond(std::move(r));
                          });
}

void code_page(AppContext& app, Request& request, Respond respond, core::RateBuckets& attempts) {
  const auto it = request.query.find("code");
  if (it == request.query.end()) return respond(code_form(200, ""));
  std::string code;
  for (char c : it->second)
    if (c != ' ' && c != '-' && c != '.') code += c;  // "123 456" as it was read out
  if (!attempts.admit(request.remote_ip))
    return respond(code_form(429, "Bạn đã nhập sai quá nhiều lần. Xin đợi một phút rồi thử lại. / Too many tries: wait a minute."));
  if (!core::looks_like_call_code(code))
    return respond(code_form(400, "Mã số gồm đúng 6 chữ số. / The code is 6 digits."));
  app.call_link_desk.redeem_code(code, [respond = std::move(respond)](std::exception_ptr error, std::string token) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const core::DomainError& e) {
        return respond(code_form(e.kind == core::ErrorKind::not_found ? 404 : 410, e.what()));
      } catch (...) {
        return respond(response_for(std::current_exception()));
      }
    }
    Response r;
    r.status = 303;
    r.content_type = "text/plain; charset=utf-8";
    r.headers.emplace_back("Location", "/call/" + token);
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    respond(std::move(r));
  });
}

}  // namespace

void add_call_page_routes(Router& router, AppContext& app) {
  auto attempts = std::make_shared<core::RateBuckets>(kCodeBurst, kCodesPerSecond, core::now_ms);
  router.add("GET", "/call", [&app, attempts](Request& r, Respond done) { code_page(app, r, std::move(done), *attempts); });
  router.add("GET", "/call/{token}", [&app](Request& r, Respond done) { call_page(app, r, std::move(done)); });
  router.add("POST", "/call/{token}/join", [&app](Request& r, Respond done) { join(app, r, std::move(done)); });
}

}  // namespace votercast::web
