// Every route against every role: who is let through and who is refused (401 without a
// session, 403 without the right). The table must name every route the server has
// (`votercast routes`), so a new route cannot ship without saying who may use it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "live_server.hpp"

namespace votercast::test {
namespace {

enum class Who { anonymous, admin, producer, moderator, screener, operator_, agency };
const std::vector<Who> kEveryone = {Who::anonymous, Who::admin,    Who::producer, Who::moderator,
                                   Who::screener,  Who::operator_, Who::agency};

std::string name_of(Who who) {
  switch (who) {
    case Who::anonymous: return "anonymous";
    case Who::admin: return "admin";
    case Who::producer: return "producer";
    case Who::moderator: return "moderator";
    case Who::screener: return "screener";
    case Who::operator_: return "operator";
    case Who::agency: return "agency";
  }
  return "?";
}

using Roles = std::set<Who>;
const Roles kPublic(kEveryone.begin(), kEveryone.end());
const Roles kStaff = {Who::admin, Who::producer, Who::moderator, Who::screener, Who::operator_, Who::agency};
const Roles kNobody = {};  // answered to gateways by their own secret, never to a session
// core::role_may, written out again on purpose: the test must not read the policy it checks.
const Roles kViewQueue = {Who::admin, Who::producer, Who::moderator, Who::screener, Who::operator_};
const Roles kModerate = {Who::admin, Who::producer, Who::moderator};
const Roles kProducer = {Who::admin, Who::producer};
const Roles kTakeToAir = {Who::admin, Who::producer, Who::operator_};
const Roles kAnswer = {Who::admin, Who::producer, Who::agency};
const Roles kProgramme = {Who::admin, Who::producer, Who::operator_};
const Roles kGraphics = {Who::admin, Who::operator_};
const Roles kScreen = {Who::admin, Who::producer, Who::screener};

struct RouteRule {
  std::string route;   // as `votercast routes` prints it
  std::string target;  // a concrete request of it (ids that do not exist: nothing changes)
  Roles allowed;
  bool stream = false;  // answers with an endless body when let through
};

const std::vector<RouteRule> kRules = {
    {"DELETE /api/callers/{id}/call-link", "/api/callers/999999/call-link", kScreen},
    {"GET /answers", "/answers", kPublic},
    {"GET /api/agency/questions", "/api/agency/questions", kAnswer},
    {"GET /api/answers", "/api/answers", kPublic},
    {"GET /api/callers", "/api/callers", kViewQueue},
    {"GET /api/callers/{id}", "/api/callers/999999", kViewQueue},
    {"GET /api/callers/{id}/call", "/api/callers/999999/call", kScreen},
    {"GET /api/clusters", "/api/clusters", kViewQueue},
    {"GET /api/config/public", "/api/config/public", kPublic},
    {"GET /api/intake", "/api/intake", kPublic},
    {"GET /api/me", "/api/me", kStaff},
    {"GET /api/polls", "/api/polls", kViewQueue},
    {"GET /api/polls/current", "/api/polls/current", kPublic},
    {"GET /api/program/frame.png", "/api/program/frame.png", kProgramme},
    {"GET /api/program/health", "/api/program/health", kProgramme},
    {"GET /api/program/overlay", "/api/program/overlay", kProgramme},
    {"GET /api/program/preview.mjpeg", "/api/program/preview.mjpeg", kProgramme, true},
    {"GET /api/program/scene", "/api/program/scene", kProgramme},
    {"GET /api/program/scene/events", "/api/program/scene/events", kProgramme, true},
    {"GET /api/questions", "/api/questions", kViewQueue},
    // An agency reads the questions forwarded to it, each checked (test_follow_up.cpp).
    {"GET /api/questions/{id}", "/api/questions/999999", kViewQueue},
    {"GET /api/queue", "/api/queue", kViewQueue},
    {"GET /api/queue/counts", "/api/queue/counts", kViewQueue},
    {"GET /api/reports/{show}", "/api/reports/999999", kViewQueue},
    {"GET /api/rundown", "/api/rundown", kViewQueue},
    {"GET /api/shows/current", "/api/shows/current", kViewQueue},
    {"GET /api/sms/outbox", "/api/sms/outbox", kProducer},
    {"GET /api/tickets/{ticket}", "/api/tickets/ABCD-EFGH", kPublic},
    // A caller's way in answers to the link's token, never to a session (test_call_links.cpp).
    {"GET /call", "/call", kPublic},
    {"GET /call/{token}", "/call/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", kPublic},
    {"GET /call/{token}/ws", "/call/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/ws", kPublic},
    {"GET /healthz", "/healthz", kPublic},
    {"GET /metrics", "/metrics", kPublic},
    {"GET /reports/{show}", "/reports/999999", kViewQueue},
    {"GET /sms/kannel", "/sms/kannel", kNobody},
    {"GET /sms/shortcode", "/sms/shortcode", kNobody},
    {"GET /t", "/t", kPublic},
    {"GET /t/{ticket}", "/t/ABCD-EFGH", kPublic},
    {"GET /ws", "/ws", kViewQueue},
    {"PATCH /api/callers/{id}", "/api/callers/999999", kScreen},
    {"PATCH /api/polls/{id}", "/api/polls/999999", kProducer},
    {"PATCH /api/program/scene/{layer}", "/api/program/scene/ticker", kGraphics},
    {"PATCH /api/questions/{id}", "/api/questions/999999", kModerate},
    {"POST /api/callers", "/api/callers", kScreen},
    {"POST /api/callers/{id}/call-link", "/api/callers/999999/call-link", kScreen},
    // Which moves a role may make is checked per move (test_call_in.cpp).
    {"POST /api/callers/{id}/transition", "/api/callers/999999/transition", kViewQueue},
    {"POST /api/clusters/{id}/merge", "/api/clusters/999999/merge", kModerate},
    {"POST /api/clusters/{id}/reject", "/api/clusters/999999/reject", kModerate},
    {"POST /api/login", "/api/login", kPublic},
    {"POST /api/polls", "/api/polls", kProducer},
    {"POST /api/polls/{id}/close", "/api/polls/999999/close", kProducer},
    {"POST /api/polls/{id}/open", "/api/polls/999999/open", kProducer},
    {"POST /api/polls/{id}/vote", "/api/polls/999999/vote", kPublic},
    // A still drawn for a look, not put on air.
    {"POST /api/program/render", "/api/program/render", kProgramme},
    // Draws ahead what the control room takes next; nothing goes to air.
    {"POST /api/program/prepare", "/api/program/prepare", kGraphics},
    {"POST /api/questions", "/api/questions", kPublic},
    {"POST /api/questions/bulk", "/api/questions/bulk", kModerate},
    {"POST /api/questions/{id}/answer", "/api/questions/999999/answer", kAnswer},
    {"POST /api/questions/{id}/answered-on-air", "/api/questions/999999/answered-on-air", kProducer},
    {"POST /api/questions/{id}/merge", "/api/questions/999999/merge", kModerate},
    // Which moves a role may make is checked per move (test_api_staff.cpp, test_follow_up.cpp).
    {"POST /api/questions/{id}/transition", "/api/questions/999999/transition", kStaff},
    {"POST /api/shows", "/api/shows", kProducer},
    {"POST /api/shows/current/close", "/api/shows/current/close", kProducer},
    {"POST /call/{token}/join", "/call/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/join", kPublic},
    {"POST /sms/jasmin", "/sms/jasmin", kNobody},
    {"POST /sms/kannel", "/sms/kannel", kNobody},
    {"POST /sms/shortcode", "/sms/shortcode", kNobody},
    {"POST /sms/twilio", "/sms/twilio", kNobody},
    {"PUT /api/intake", "/api/intake", kProducer},
    {"PUT /api/polls/{id}/on_air", "/api/polls/999999/on_air", kTakeToAir},
    {"PUT /api/program/scene", "/api/program/scene", kGraphics},
    {"PUT /api/rundown", "/api/rundown", kProducer},
    // Last: it ends the session the other rules were tried with.
    {"POST /api/logout", "/api/logout", kPublic},
};

class RouteRoles : public LiveServer {
 protected:
  // SMS gateways configured, so that their routes answer to their secrets, not 404.
  void SetUp() override {}
  void start_with_gateways() {
    const auto path = dir.file("gateways.json");
    std::ofstream(path) << R"({"sms": {
        "kannel": {"enabled": true, "secret": "bi-mat-kannel-1234"},
        "jasmin": {"enabled": true, "secret": "bi-mat-jasmin-1234"},
        "twilio": {"enabled": true, "auth_token": "bi-mat-twilio-1234", "url": "http://127.0.0.1/sms/twilio"},
        "shortcode": {"enabled": true, "secret": "bi-mat-shortcode-1234"}}})";
    start({"--config", path});
  }

  int status_of(HttpClient& c, const RouteRule& rule) {
    const auto space = rule.route.find(' ');
    const auto method = rule.route.substr(0, space);
    if (rule.route.ends_with("/ws")) {
      WsClient ws(server->port(), rule.target, &c);
      return ws.http_status();
    }
    if (rule.stream) {
      // Read only the head of the answer: a stream let through does not end.
      std::string head = method + " " + rule.target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
      if (const auto cookies = c.cookie_header(); !cookies.empty()) head += "Cookie: " + cookies + "\r\n";
      return raw_status(c.raw(head + "\r\n", std::chrono::milliseconds(1500)));
    }
    if (method == "POST" && rule.target.starts_with("/sms/"))  // as the gateways send them
      return c.request(method, rule.target, "to=8077&text=DT",
                       {{"Content-Type", "application/x-www-form-urlencoded"}}).status;
    return c.request(method, rule.target, method == "GET" ? "" : "{}").status;
  }
};

std::vector<std::string> listed_routes(const std::string& db) {
  std::string out;
  EXPECT_EQ(run_cli("routes --db " + db, "", &out), 0) << out;
  std::vector<std::string> routes;
  std::istringstream lines(out);
  // Only the routes: a sanitizer's report on the same stream is not one.
  const std::regex route_line("^(GET|HEAD|POST|PUT|PATCH|DELETE) /.*$");
  for (std::string line; std::getline(lines, line);)
    if (std::regex_match(line, route_line)) routes.push_back(line);
  return routes;
}

TEST_F(RouteRoles, TheTableNamesEveryRouteTheServerHas) {
  start_with_gateways();
  const auto listed = listed_routes(dir.file("routes.db"));
  ASSERT_GT(listed.size(), 40u);
  std::set<std::string> in_table;
  for (const auto& rule : kRules) EXPECT_TRUE(in_table.insert(rule.route).second) << "twice in the table: " << rule.route;
  for (const auto& route : listed) EXPECT_TRUE(in_table.count(route)) << "a route without a rule here: " << route;
  const std::set<std::string> served(listed.begin(), listed.end());
  for (const auto& rule : kRules) EXPECT_TRUE(served.count(rule.route)) << "a rule for no route: " << rule.route;
}

TEST_F(RouteRoles, EachRoleIsLetThroughExactlyWhereItsRightsSay) {
  start_with_gateways();
  std::map<Who, std::unique_ptr<HttpClient>> as;
  as[Who::anonymous] = client();
  as[Who::admin] = admin();
  as[Who::producer] = staff("sanxuat", "producer");
  as[Who::moderator] = staff("kiemduyet", "moderator");
  as[Who::screener] = staff("trucdt", "screener");
  as[Who::operator_] = staff("vanhanh", "operator");
  as[Who::agency] = staff("coquan", "agency");
  for (auto& [who, c] : as) c->set_default_header("Origin", "http://127.0.0.1:" + std::to_string(server->port()));

  for (const auto& rule : kRules) {
    for (const auto who : kEveryone) {
      const int status = status_of(*as[who], rule);
      const bool allowed = rule.allowed.count(who) > 0;
      if (allowed) {
        EXPECT_TRUE(status != 401 && status != 403 && status != 0)
            << rule.route << " refused " << name_of(who) << " with " << status;
      } else {
        const int expected = who == Who::anonymous || rule.allowed == kNobody ? 401 : 403;
        if (rule.allowed == kNobody)
          EXPECT_TRUE(status == 401 || status == 403) << rule.route << " let " << name_of(who) << " through: " << status;
        else
          EXPECT_EQ(status, expected) << rule.route << " for " << name_of(who);
      }
    }
  }
}

}  // namespace
}  // namespace votercast::test
