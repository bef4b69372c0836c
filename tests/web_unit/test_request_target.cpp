#include <gtest/gtest.h>

#include "web/net/request_target.hpp"

namespace votercast::web {
namespace {

TEST(RequestTarget, DecodesPathAndQueryWithBoostUrl) {
  const auto t = parse_request_target("/caf%C3%A9/a%20b+c?x=1&q=hello+world&s=%26%3D%2B&empty=&flag&x=2&&");
  EXPECT_EQ(t.error, "");
  EXPECT_EQ(t.path, "/café/a b+c");
  EXPECT_EQ(t.query.at("x"), "1");
  EXPECT_EQ(t.query.at("q"), "hello world");
  EXPECT_EQ(t.query.at("s"), "&=+");
  EXPECT_EQ(t.query.at("empty"), "");
  EXPECT_EQ(t.query.at("flag"), "");
  EXPECT_EQ(t.query.size(), 5u);
  EXPECT_EQ(parse_request_target("/").path, "/");
  EXPECT_EQ(parse_request_target("/a//b/").path, "/a//b/");
  EXPECT_EQ(parse_request_target("*").path, "*");
  EXPECT_EQ(parse_request_target("/././coco").path, "/././coco");  // as sent (found by the fuzzer)
}

TEST(RequestTarget, AbsoluteFormKeepsPathAndQuery) {
  const auto t = parse_request_target("HTTP://example.org:8080/api/x?y=%C4%91");
  EXPECT_EQ(t.error, "");
  EXPECT_EQ(t.path, "/api/x");
  EXPECT_EQ(t.query.at("y"), "đ");
  EXPECT_EQ(parse_request_target("http://example.org").path, "/");
  // The authority ends at '?' too (found by the fuzzer).
  const auto no_path = parse_request_target("http://h?q=/api/x");
  EXPECT_EQ(no_path.path, "/");
  EXPECT_EQ(no_path.query.at("q"), "/api/x");
  EXPECT_EQ(parse_request_target("ftp://example.org/x").error, "bad_path");
  EXPECT_EQ(parse_request_target("Hfrom:\xF8").error, "bad_path");  // Boost 1.81 asserted on it
}

TEST(RequestTarget, StrayBytesAreTakenAsMeant) {
  // Gateways and scripts send raw UTF-8, '|' and quotes; browsers never do, but they mean them.
  const auto t = parse_request_target("/sms?text=c\xC3\xA2u h\xE1\xBB\x8Fi|\"x\"&to=[1]");
  EXPECT_EQ(t.error, "");
  EXPECT_EQ(t.query.at("text"), "câu hỏi|\"x\"");
  EXPECT_EQ(t.query.at("to"), "[1]");
  EXPECT_EQ(parse_request_target("/\xC4\x91i").path, "/đi");
}

TEST(RequestTarget, StrayBytesAreEncodedAndEscapesKept) {
  // Found by the fuzzer: Boost.URL's encode() asserts when told to keep '%' raw.
  EXPECT_EQ(encode_stray_bytes("a=%"), "a=%");
  EXPECT_EQ(encode_stray_bytes("%%41 |\xC4\x91%"), "%%41%20%7C%C4%91%");
  EXPECT_EQ(parse_request_target("/").path, "/");
}

TEST(RequestTarget, RefusesWhatRoutingMustNotSee) {
  for (const char* bad : {"?x=1", "/a%zz", "/a%", "/a%4", "/a%00b", "/x%GG?y=1", "a/b", "", "/static/..%2F..%2Fetc/passwd",
                          "/api/questions%2f5"})
    EXPECT_EQ(parse_request_target(bad).error, "bad_path") << bad;
  for (const char* bad : {"/ok?x=%zz", "/ok?%=1", "/ok?x=%4"})
    EXPECT_EQ(parse_request_target(bad).error, "bad_query") << bad;
  // NUL and '/' are data in a query value.
  EXPECT_EQ(parse_request_target("/ok?x=a%2Fb%00").query.at("x"), std::string("a/b\0", 4));
}

}  // namespace
}  // namespace votercast::web
