#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/format/json_text.hpp"

using namespace votercast::core;

TEST(Clock, Iso8601IsUtcWithMilliseconds) {
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601_utc(1795780875123), "2026-11-27T12:01:15.123Z");
  EXPECT_EQ(iso8601_utc(1795780875999), "2026-11-27T12:01:15.999Z");
  EXPECT_EQ(iso8601_utc(1795780876001), "2026-11-27T12:01:16.001Z") << "the cached second must roll over";
  EXPECT_EQ(iso8601_utc(1795780875123), "2026-11-27T12:01:15.123Z") << "and back";
}

TEST(JsonText, EscapesEverythingJsonRequires) {
  const std::string nasty = "quote\" backslash\\ newline\n tab\t bell\a nul" + std::string(1, '\0') +
                            " </script> Đường ĐT743 🚧";
  const auto text = JsonObjectText().str("s", nasty).num("n", -42).num("none", std::optional<std::int64_t>{})
                        .boolean("b", true).raw("o", R"({"x":1})").finish();
  const auto parsed = nlohmann::json::parse(text);
  EXPECT_EQ(parsed["s"], nasty);
  EXPECT_EQ(parsed["n"], -42);
  EXPECT_TRUE(parsed["none"].is_null());
  EXPECT_EQ(parsed["b"], true);
  EXPECT_EQ(parsed["o"]["x"], 1);
}

TEST(JsonText, MergeAppendsMembers) {
  EXPECT_EQ(JsonObjectText().num("a", 1).merge(R"({"b":2,"c":"x"})").finish(), R"({"a":1,"b":2,"c":"x"})");
  EXPECT_EQ(JsonObjectText().merge("{}").num("a", 1).finish(), R"({"a":1})");
  EXPECT_EQ(JsonObjectText().merge(R"({"b":2})").finish(), R"({"b":2})");
}
