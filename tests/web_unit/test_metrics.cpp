#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "web/live/metrics.hpp"

namespace votercast::web {
namespace {

// Every line of the exposition is a comment or one of our series: nothing a label
// value holds may start a line of its own.
void expect_only_our_lines(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    EXPECT_TRUE(line.starts_with("# ") || line.starts_with("votercast_")) << "injected line: " << line;
}

TEST(Metrics, LabelValuesAreEscapedSoNoValueEndsItsLine) {
  Metrics metrics;
  metrics.observe("GET", "/a\"} 1\nevil_total 1\n\\", 200, 0.001);
  metrics.count_vote_refused("x\"}\nevil_votes 2");
  const auto text = metrics.render({});
  expect_only_our_lines(text);
  EXPECT_NE(text.find(R"(route="/a\"} 1\nevil_total 1\n\\")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(reason="x\"}\nevil_votes 2")"), std::string::npos) << text;
}

TEST(Metrics, AMadeUpMethodIsCountedAsOther) {
  Metrics metrics;
  for (int i = 0; i < 50; ++i) metrics.observe("M" + std::to_string(i), "unmatched", 400, 0.001);
  metrics.observe("POST", "unmatched", 400, 0.001);
  const auto text = metrics.render({});
  EXPECT_NE(text.find(R"(method="other",route="unmatched",status="400"} 50)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(method="POST",route="unmatched",status="400"} 1)"), std::string::npos) << text;
  EXPECT_EQ(text.find("M17"), std::string::npos);
}

}  // namespace
}  // namespace votercast::web
