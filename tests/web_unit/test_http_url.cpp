#include <gtest/gtest.h>

#include "web/net/http_url.hpp"

namespace votercast::web {
namespace {

TEST(HttpUrl, SplitsWhatTheClientNeedsAndRefusesTheRest) {
  struct Case {
    const char* url;
    bool tls;
    const char* host;
    const char* port;
    const char* target;
  };
  for (const auto& c : {Case{"https://api.twilio.com", true, "api.twilio.com", "443", "/"},
                        Case{"http://127.0.0.1:13013/cgi-bin/sendsms?username=a", false, "127.0.0.1", "13013",
                             "/cgi-bin/sendsms?username=a"},
                        Case{"http://[::1]:8080?x=1", false, "::1", "8080", "/?x=1"}}) {
    const auto u = parse_http_url(c.url);
    ASSERT_TRUE(u) << c.url;
    EXPECT_EQ(u->tls, c.tls) << c.url;
    EXPECT_EQ(u->host, c.host) << c.url;
    EXPECT_EQ(u->port, c.port) << c.url;
    EXPECT_EQ(u->target, c.target) << c.url;
  }
  for (const char* bad : {"ftp://h/", "http://", "http://user:pw@h/", "http://h:99999/", "http://h:8x/", "h/x",
                          "http://h/#top", "http://[::1/", "http://h/\xF8", "Hfrom:\xF8", "http://h/a b"})
    EXPECT_FALSE(parse_http_url(bad)) << bad;
}

}  // namespace
}  // namespace votercast::web
