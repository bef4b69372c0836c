// Whole-number settings are taken as written or refused (found by tests/fuzz/config_fuzz.cpp:
// port = 70000 listened on 4464, and a float past int's range was undefined behaviour).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "web/config/config.hpp"

namespace votercast::web {
namespace {

std::string refusal(const std::string& text, const std::string& path = "votercast.json") {
  try {
    parse_config(text, path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(ConfigNumbers, WholeNumbersAreTakenAsWrittenOrRefused) {
  EXPECT_EQ(parse_config(R"({"port": 8081, "ws_queue_limit": 64, "ws_heartbeat_seconds": 20})", "v.json").port, 8081);
  EXPECT_EQ(parse_config("port = 0\n", "v.toml").port, 0) << "0 picks a free port";
  for (const char* bad : {R"({"port": 70000})", R"({"port": -1})", R"({"port": 80.5})", R"({"port": 1e300})"})
    EXPECT_NE(refusal(bad).find("'port' must be a whole number"), std::string::npos) << bad << ": " << refusal(bad);
  EXPECT_NE(refusal("port = 70000\n", "v.toml").find("'port' must be a whole number from 0 to 65535"), std::string::npos);
  for (const char* bad : {R"({"ws_heartbeat_seconds": 1e300})", R"({"ws_heartbeat_seconds": 4294967297})",
                          R"({"ws_queue_limit": -1})", R"({"follow_up_due_days": 2.5})",
                          R"({"staff": {"session_hours": 1e300}})", R"({"server": {"staff_reserve": -5}})"})
    EXPECT_NE(refusal(bad).find("must be a whole number"), std::string::npos) << bad << ": " << refusal(bad);
  const auto calls = parse_config("[calls]\nmax_calls = 4\nlink_minutes = 30\n", "v.toml").calls;
  EXPECT_EQ(calls.max_calls, 4);
  EXPECT_EQ(calls.link_lifetime_ms(), 30 * 60 * 1000);
  EXPECT_EQ(parse_config("{}", "v.json").calls.max_calls, 8);
  EXPECT_NE(refusal(R"({"calls": {"max_calls": 0}})").find("calls.max_calls"), std::string::npos);
  EXPECT_NE(refusal(R"({"calls": {"link_minutes": 2.5}})").find("must be a whole number"), std::string::npos);
  EXPECT_NE(refusal(R"({"calls": {"max_call": 3}})").find("unknown setting 'calls.max_call'"), std::string::npos);
  // In range but not allowed: the setting's own check still says why.
  EXPECT_NE(refusal(R"({"staff": {"session_hours": 25}})").find("session_hours must be between 1 and 24"),
            std::string::npos);
}

TEST(CallSettings, TheLayoutAndTheTestPictureAreReadAsWrittenOrRefused) {
  const auto calls = parse_config("[calls]\nlayout = \"side_by_side\"\ntest_picture = true\n", "v.toml").calls;
  EXPECT_EQ(calls.layout, "side_by_side");
  EXPECT_TRUE(calls.test_picture);
  EXPECT_EQ(parse_config("{}", "v.json").calls.layout, "pip");
  EXPECT_FALSE(parse_config("{}", "v.json").calls.test_picture) << "never on unless asked for";
  EXPECT_NE(refusal(R"({"calls": {"layout": "corner"}})").find("calls.layout"), std::string::npos);
  EXPECT_NE(refusal(R"({"calls": {"layout": 1}})").find("calls.layout"), std::string::npos);
  EXPECT_NE(refusal(R"({"calls": {"test_picture": "yes"}})").find("calls.test_picture"), std::string::npos);
}

}  // namespace
}  // namespace votercast::web
