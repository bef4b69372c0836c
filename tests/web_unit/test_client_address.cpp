#include <gtest/gtest.h>

#include "web/net/client_address.hpp"

namespace votercast::web {
namespace {

Request from(std::string ip, std::string forwarded_for = "") {
  Request r;
  r.remote_ip = std::move(ip);
  if (!forwarded_for.empty()) r.headers.emplace_back("x-forwarded-for", std::move(forwarded_for));
  return r;
}

TEST(ClientAddress, OnlyATrustedProxyIsBelievedAboutWhoIsBehindIt) {
  const IpAllowList nobody;
  const IpAllowList proxies({"10.0.0.0/8", "127.0.0.1"});
  // Without a trust list, or from an untrusted peer, the header is anyone's to forge.
  EXPECT_EQ(client_address(from("127.0.0.1", "203.0.113.7"), nobody), "127.0.0.1");
  EXPECT_EQ(client_address(from("198.51.100.9", "203.0.113.7"), proxies), "198.51.100.9");
  // Through our proxies: the right-most address that is not one of them.
  EXPECT_EQ(client_address(from("127.0.0.1", "203.0.113.7"), proxies), "203.0.113.7");
  EXPECT_EQ(client_address(from("127.0.0.1", "1.2.3.4, 203.0.113.7 ,10.1.2.3"), proxies), "203.0.113.7");
  EXPECT_EQ(client_address(from("127.0.0.1", " , 2001:db8::5,"), proxies), "2001:db8::5");
  // Nothing but proxies in the chain (or no header): the peer itself.
  EXPECT_EQ(client_address(from("127.0.0.1", "10.0.0.1, 10.0.0.2"), proxies), "127.0.0.1");
  EXPECT_EQ(client_address(from("127.0.0.1"), proxies), "127.0.0.1");
}

TEST(ClientAddress, EveryForwardedForLineCountsTheLastOneNearest) {
  const IpAllowList proxies({"10.0.0.0/8", "127.0.0.1"});
  // The client forges a line; a proxy that appends a line of its own (HAProxy's
  // option forwardfor) puts the address it really heard from after it.
  Request r = from("127.0.0.1", "203.0.113.66");
  r.headers.emplace_back("host", "votercast.example");
  r.headers.emplace_back("x-forwarded-for", "198.51.100.20");
  EXPECT_EQ(client_address(r, proxies), "198.51.100.20");
  // Lines made only of our own proxies are skipped, entries within a line read right to left.
  r.headers.emplace_back("x-forwarded-for", "10.0.0.7, 10.0.0.8");
  EXPECT_EQ(client_address(r, proxies), "198.51.100.20");
  Request forged = from("127.0.0.1", "1.1.1.1, 203.0.113.66");
  forged.headers.emplace_back("x-forwarded-for", "192.0.2.4,10.0.0.9");
  EXPECT_EQ(client_address(forged, proxies), "192.0.2.4");
}

}  // namespace
}  // namespace votercast::web
