// The outbound HTTP client (web/net/http_client.hpp) against local servers: the exchange as
// sent and answered, the body cap, the timeout, and a TLS peer that cannot be verified.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capture_endpoint.hpp"
#include "child_process.hpp"
#include "test_client.hpp"
#include "web/net/http_client.hpp"

namespace votercast::test {
namespace {

using web::http_fetch;

TEST(SmsHttpClient, SendsTheRequestAsBuiltAndReadsTheAnswer) {
  CaptureEndpoint endpoint({{201, R"({"sid":"SM1"})", "application/json"}});
  const auto r = http_fetch({"POST", endpoint.base_url() + "/2010-04-01/x?y=1",
                             {{"Authorization", "Basic YTpi"}, {"Content-Type", "application/x-www-form-urlencoded"}},
                             "To=%2B84912345678&Body=xin%20chao"});
  EXPECT_EQ(r.status, 201) << r.error;
  EXPECT_EQ(r.body, R"({"sid":"SM1"})");
  EXPECT_TRUE(r.error.empty());
  const auto got = endpoint.requests().at(0);
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.target, "/2010-04-01/x?y=1");
  EXPECT_EQ(got.headers.at("host"), "127.0.0.1:" + std::to_string(endpoint.port()));
  EXPECT_EQ(got.headers.at("authorization"), "Basic YTpi");
  EXPECT_EQ(got.headers.at("content-length"), "33");
  EXPECT_EQ(got.body, "To=%2B84912345678&Body=xin%20chao");
}

TEST(SmsHttpClient, RedirectsAreAnswersAndLongBodiesAreRefused) {
  CaptureEndpoint endpoint({{302, "moved"}, {200, std::string(70 * 1024, 'x')}});
  auto r = http_fetch({"GET", endpoint.base_url() + "/send", {}, ""});
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(endpoint.requests().size(), 1u) << "not followed";
  r = http_fetch({"GET", endpoint.base_url() + "/send", {}, ""});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.error, "the answer's body is longer than 65536 bytes");
}

TEST(SmsHttpClient, NoAnswerIsAnErrorNotAHang) {
  // A socket that listens but never accepts: the connection is made, no answer ever comes.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const auto url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";
  web::HttpFetchOptions options;
  options.timeout = std::chrono::milliseconds(300);
  const auto started = std::chrono::steady_clock::now();
  auto r = http_fetch({"GET", url, {}, ""}, options);
  const auto took = std::chrono::steady_clock::now() - started;
  ::close(fd);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.error, "timed out after 300 ms");
  EXPECT_LT(took, std::chrono::seconds(2));

  r = http_fetch({"GET", url, {}, ""}, options);  // now closed: refused
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(http_fetch({"GET", "ftp://127.0.0.1/", {}, ""}).error, "not an http:// or https:// URL");
}

// An https:// peer is verified against the CA store (here a certificate the test makes and
// names in SSL_CERT_FILE, which OpenSSL's default paths honour) and for its name.
TEST(SmsHttpClient, AnHttpsPeerIsVerifiedAgainstTheCaStore) {
  TempDir dir;
  const auto key = dir.file("key.pem"), cert = dir.file("cert.pem");
  const std::string make_cert = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " + cert +
                                " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -days 1 >/dev/null 2>&1";
  ASSERT_EQ(std::system(make_cert.c_str()), 0) << "openssl is needed for this test";
  const auto port = free_local_port();
  ChildProcess tls_server({"/usr/bin/openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port), "-cert", cert,
                           "-key", key, "-www"},
                          dir.file("s_server.log"));
  ASSERT_TRUE(tls_server.wait_for_log("ACCEPT", std::chrono::seconds(10))) << tls_server.log();
  const auto url = "https://127.0.0.1:" + std::to_string(port) + "/";
  const auto unknown = http_fetch({"GET", url, {}, ""});
  EXPECT_EQ(unknown.status, 0);
  EXPECT_NE(unknown.error.find("certificate verify failed"), std::string::npos) << unknown.error;

  const char* before = std::getenv("SSL_CERT_FILE");
  const std::string saved = before ? before : "";
  ::setenv("SSL_CERT_FILE", cert.c_str(), 1);
  const auto trusted = http_fetch({"GET", url, {}, ""});
  if (before)
    ::setenv("SSL_CERT_FILE", saved.c_str(), 1);
  else
    ::unsetenv("SSL_CERT_FILE");
  EXPECT_EQ(trusted.status, 200) << trusted.error << "\n" << tls_server.log();
  EXPECT_NE(trusted.body.find("s_server"), std::string::npos) << trusted.body.substr(0, 200);
}

}  // namespace
}  // namespace votercast::test
