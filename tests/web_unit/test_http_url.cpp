#include <gtest/gtest.h>

#include "web/net/http_url.hpp"

namespace votercast::web {
namespace {

TEST(HttpUrl, SplitsWhatTheClientNeedsAndRefusesTheRest) {
  auto u = parse_http_url("https://api.twilio.com");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "api.twilio.com");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/");
  u = parse_http_url("http://127.0.0.1:13013/cgi-bin/sendsms?username=a");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "13013");
  EXPECT_EQ(u->target, "/cgi-bin/sendsms?username=a");
  u = parse_http_url("http://[::1]:8080?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->target, "/?x=1");
  for (const char* bad : {"ftp://h/", "http://", "http://user:pw@h/", "http://h:99999/", "http://h:8x/", "h/x",
                          "http://h/#top", "http://[::1/"})
    EXPECT_FALSE(parse_http_url(bad)) << bad;
}

}  // namespace
}  // namespace votercast::web
