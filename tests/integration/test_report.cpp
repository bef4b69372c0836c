// The show's report, checked against what the test put in: questions by channel, topic
// and area; approved, rejected, merged (with the voters a merged question stands for),
// aired, forwarded, answered on time and on air; callers; a poll. As JSON, CSV (safe to
// open in a spreadsheet), the page with its SVG charts, and `votercast report`.
#include <fstream>

#include "live_server.hpp"
#include "sms_test_support.hpp"

namespace votercast::test {
namespace {

class Report : public LiveServer {
 protected:
  void SetUp() override {
    const auto path = dir.file("report.json");
    std::ofstream(path) << nlohmann::json{{"sms", {{"kannel", {{"enabled", true}, {"secret", "bi-mat"}}}}},
                                          {"intake", {{"collapse_repeats", false}}}}.dump();
    start({"--config", path});
  }
  nlohmann::json ask(HttpClient& c, const std::string& text, const std::string& topic, const std::string& area) {
    const auto r = c.post("/api/questions", {{"name", "Cử tri"}, {"topic", topic}, {"area", area}, {"text", text}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  std::int64_t version_of(HttpClient& staff, std::int64_t id) {
    return staff.get("/api/questions/" + std::to_string(id)).json()["version"].get<std::int64_t>();
  }
  void to(HttpClient& staff, std::int64_t id, const std::string& state, nlohmann::json extra = nlohmann::json::object()) {
    transition(staff, id, state, version_of(staff, id), 200, std::move(extra));
  }
};

TEST_F(Report, FiguresMatchWhatWasPutIn) {
  auto producer = staff("sanxuat", "producer");
  auto r = producer->post("/api/shows", {{"title", "Đối thoại với cử tri số 12 <b>"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto show_id = r.json()["id"].get<std::int64_t>();
  auto voter = client();
  const auto roads = ask(*voter, "Khi nào sửa đường ĐT743 đoạn qua phường Bình Hòa?", "giao thông", "TP. Thuận An");
  const auto roads2 = ask(*voter, "Đường ĐT743 đoạn Bình Hòa bao giờ sửa?", "giao thông", "TP. Thuận An");
  const auto roads3 = ask(*voter, "Bao giờ sửa đường ĐT743 qua Bình Hòa?", "giao thông", "TP. Dĩ An");
  const auto hospital = ask(*voter, "Bệnh viện quá tải, khi nào xây thêm?", "y tế", "TP. Dĩ An");
  const auto rude = ask(*voter, "Hỏi linh tinh", "=HYPERLINK(\"http://evil.example\")", "");
  const auto school = ask(*voter, "Trường tiểu học thiếu phòng học", "giáo dục", "TP. Dĩ An");
  // Two by SMS, through Kannel's interface.
  for (const auto* id : {"s1", "s2"})
    ASSERT_EQ(client()->get(std::string("/sms/kannel?secret=bi-mat&from=0912000") + id[1] + "11&to=8077&text=" +
                            sms::url_encode("DT Giá điện tăng cao quá") + "&coding=0&charset=UTF-8&id=" + id).status,
              200);

  for (const auto& q : {roads, hospital, school}) to(*producer, q["id"].get<std::int64_t>(), "approved");
  to(*producer, rude["id"].get<std::int64_t>(), "rejected", {{"reason", "không rõ"}});
  for (const auto& dup : {roads2, roads3})
    ASSERT_EQ(producer->post("/api/questions/" + std::to_string(dup["id"].get<std::int64_t>()) + "/merge",
                             {{"into", roads["id"]}, {"version", version_of(*producer, dup["id"].get<std::int64_t>())}}).status,
              200);
  for (const auto& q : {roads, hospital}) {
    const auto id = q["id"].get<std::int64_t>();
    to(*producer, id, "queued");
    to(*producer, id, "on_air");
  }
  to(*producer, hospital["id"].get<std::int64_t>(), "aired");  // taking hospital on air retired roads
  const auto on_air_answer = producer->post("/api/questions/" + std::to_string(hospital["id"].get<std::int64_t>()) + "/answered-on-air",
                                            {{"version", version_of(*producer, hospital["id"].get<std::int64_t>())},
                                             {"text", "Giám đốc Sở Y tế trả lời trực tiếp"}});
  ASSERT_EQ(on_air_answer.status, 200) << on_air_answer.body;
  const auto school_id = school["id"].get<std::int64_t>();
  to(*producer, school_id, "forwarded", {{"agency", "Sở Giáo dục và Đào tạo"}});
  const auto answered = producer->post("/api/questions/" + std::to_string(school_id) + "/answer",
                                       {{"version", version_of(*producer, school_id)}, {"text", "Năm 2027 xây thêm 8 phòng."}});
  ASSERT_EQ(answered.status, 200) << answered.body;

  auto screener = staff("trucdt", "screener");
  for (const auto* name : {"Lê Văn Tám", "Phạm Thu"}) ASSERT_EQ(screener->post("/api/callers", {{"name", name}}).status, 201);
  auto callers = producer->get("/api/callers").json()["callers"];
  auto move = [&](nlohmann::json& c, const std::string& state) {
    const auto m = producer->post("/api/callers/" + std::to_string(c["id"].get<std::int64_t>()) + "/transition",
                                  {{"to", state}, {"version", c["version"]}, {"lower_third", false}});
    ASSERT_EQ(m.status, 200) << m.body;
    c = m.json();
  };
  for (const auto* state : {"screened", "next", "on_air", "done"}) move(callers[0], state);
  move(callers[1], "dropped");

  r = producer->post("/api/polls", {{"title", "Bạn có hài lòng?"},
                                    {"options", {{{"code", "A"}, {"label", "Có"}}, {{"code", "B"}, {"label", "Không"}}}}});
  ASSERT_EQ(r.status, 201);
  const auto poll_id = r.json()["id"].get<std::int64_t>();
  ASSERT_EQ(producer->post("/api/polls/" + std::to_string(poll_id) + "/open", {{"version", 1}}).status, 200);
  for (const auto* option : {"A", "A", "A", "B"}) {
    auto phone = client();
    phone->get("/api/polls/current");  // the voter page's load gives the device cookie a vote needs
    ASSERT_EQ(phone->post("/api/polls/" + std::to_string(poll_id) + "/vote", {{"option", option}}).status, 200);
  }

  r = producer->get("/api/reports/" + std::to_string(show_id));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto report = r.json();
  const auto& q = report["questions"];
  EXPECT_EQ(q["received"], 8);
  EXPECT_EQ(q["by_channel"], nlohmann::json::parse(R"([{"name":"web","count":6},{"name":"sms","count":2},)"
                                                   R"({"name":"callin","count":0},{"name":"staff","count":0}])"));
  EXPECT_EQ(q["by_topic"][0], nlohmann::json({{"name", "giao thông"}, {"count", 3}}));
  EXPECT_EQ(q["approved"], 3);
  EXPECT_EQ(q["rejected"], 1);
  EXPECT_EQ(q["merged"], 2);
  EXPECT_EQ(q["aired"], 2);
  EXPECT_EQ(q["forwarded"], 1);
  EXPECT_EQ(q["answered"], 2);
  EXPECT_EQ(q["answered_on_time"], 1);
  EXPECT_EQ(q["answered_late"], 0);
  EXPECT_EQ(q["answered_on_air"], 1);
  EXPECT_EQ(q["overdue"], 0);
  ASSERT_EQ(q["duplicates"].size(), 1u);
  EXPECT_EQ(q["duplicates"][0]["id"], roads["id"]);
  EXPECT_EQ(q["duplicates"][0]["voters"], 3) << "itself and the two merged into it";
  EXPECT_EQ(report["callers"], nlohmann::json({{"total", 2}, {"on_air", 1}, {"dropped", 1}}));
  ASSERT_EQ(report["polls"].size(), 1u);
  EXPECT_EQ(report["polls"][0]["options"][0]["votes"], 3);
  EXPECT_EQ(report["polls"][0]["options"][1]["votes"], 1);
  EXPECT_EQ(report["polls"][0]["total"], 4);

  r = producer->get("/api/reports/" + std::to_string(show_id) + "?format=csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
  const auto csv = r.body;
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF") << "Excel reads UTF-8 with the BOM";
  EXPECT_NE(csv.find("questions,received,8\r\n"), std::string::npos);
  EXPECT_NE(csv.find("topic,giao thông,3\r\n"), std::string::npos);
  EXPECT_NE(csv.find("topic,\"'=HYPERLINK(\"\"http://evil.example\"\")\",1\r\n"), std::string::npos)
      << "a formula from a voter is text in the spreadsheet:\n" << csv;
  EXPECT_NE(csv.find("A Có,3\r\n"), std::string::npos);

  std::string cli_csv;
  ASSERT_EQ(run_cli("report --show " + std::to_string(show_id) + " --format csv --db " + db, "", &cli_csv), 0) << cli_csv;
  EXPECT_EQ(cli_csv, csv.substr(3)) << "the command line and the API agree";
  std::string cli_json;
  ASSERT_EQ(run_cli("report --show " + std::to_string(show_id) + " --format json --db " + db, "", &cli_json), 0);
  EXPECT_EQ(nlohmann::json::parse(cli_json)["questions"]["received"], 8);
  std::string missing;
  EXPECT_EQ(run_cli("report --show 999 --db " + db, "", &missing), 1);
  EXPECT_NE(missing.find("no show 999"), std::string::npos) << missing;

  r = producer->get("/reports/" + std::to_string(show_id));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find("<svg"), std::string::npos);
  EXPECT_NE(r.body.find("Đối thoại với cử tri số 12 &lt;b&gt;"), std::string::npos) << "escaped";
  EXPECT_EQ(r.body.find("số 12 <b>"), std::string::npos);
  EXPECT_EQ(r.body.find("<script"), std::string::npos) << "no script on the report";
  EXPECT_NE(r.header("content-security-policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(client()->get("/reports/" + std::to_string(show_id)).status, 401);
  EXPECT_EQ(staff("coquan", "agency")->get("/reports/" + std::to_string(show_id)).status, 403);
  EXPECT_EQ(producer->get("/reports/999").status, 404);
  EXPECT_EQ(producer->get("/api/reports/" + std::to_string(show_id) + "?format=xls").status, 400);
}

}  // namespace
}  // namespace votercast::test
