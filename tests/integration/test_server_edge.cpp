// The server's edge under a crowd of sockets: caps per peer address and in all (with a
// reserve for staff, and consoles already open left alone), silent sockets closed soon,
// and endless streams capped per account and in all, each refusal a JSON error.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "live_server.hpp"

namespace votercast::test {
namespace {

using namespace std::chrono_literals;

// A plain TCP connection from a chosen loopback address (127.0.0.2 plays a second
// client: the whole 127/8 is this machine's), for sockets a test holds open or silent.
class RawSocket {
 public:
  RawSocket(unsigned short port, const char* from = "127.0.0.1") {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &local.sin_addr);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    connected_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0 &&
                 ::connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0;
  }
  ~RawSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool connected() const { return connected_; }
  void send(const std::string& bytes) { (void)!::write(fd_, bytes.data(), bytes.size()); }
  // Reads until the server closes, `until` shows up, or `timeout` passes.
  std::string read(std::chrono::milliseconds timeout, const std::string& until = "") {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_ && (until.empty() || received_.find(until) == std::string::npos)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[4096];
      const auto n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) closed_ = true;
      else received_.append(buf, static_cast<std::size_t>(n));
    }
    return received_;
  }
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string received_;
};

std::string get_request(const std::string& target, const std::string& cookie = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
         (cookie.empty() ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
}

// An answer on a fresh connection from `from`: its status and JSON error code, if any.
std::pair<int, std::string> answer(unsigned short port, const char* from, const std::string& request) {
  RawSocket s(port, from);
  if (!s.connected()) return {0, "connect failed"};
  s.send(request);
  const auto text = s.read(10s);
  const auto body = nlohmann::json::parse(raw_body(text), nullptr, false);
  const bool has_code = body.is_object() && body.contains("error") && body["error"].contains("code");
  return {raw_status(text), has_code ? body["error"]["code"].get<std::string>() : ""};
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

class ServerEdge : public LiveServer {
 protected:
  void SetUp() override {
    const auto path = dir.file("edge.json");
    std::ofstream(path) << config().dump(2);
    start({"--config", path});
  }
  virtual nlohmann::json config() const = 0;
  unsigned short port() const { return server->port(); }
};

class ConnectionsPerAddress : public ServerEdge {
 protected:
  nlohmann::json config() const override {
    return {{"trusted_proxies", {"127.0.0.3"}},
            {"server", {{"max_connections_per_address", 6}, {"first_byte_timeout_seconds", 60}}}};
  }
};

TEST_F(ConnectionsPerAddress, IdleSocketsFromOneAddressShutOnlyThatAddressOut) {
  std::vector<std::unique_ptr<RawSocket>> idle;
  for (int i = 0; i < 6; ++i) {
    idle.push_back(std::make_unique<RawSocket>(port(), "127.0.0.2"));
    ASSERT_TRUE(idle.back()->connected());
  }
  EXPECT_EQ(answer(port(), "127.0.0.2", get_request("/healthz")), std::make_pair(429, std::string("too_many_connections")));
  // Everyone else is served.
  EXPECT_EQ(answer(port(), "127.0.0.1", get_request("/healthz")).first, 200);
  // A trusted proxy (nginx) carries many clients: its address is not capped.
  std::vector<std::unique_ptr<RawSocket>> proxied;
  for (int i = 0; i < 8; ++i) proxied.push_back(std::make_unique<RawSocket>(port(), "127.0.0.3"));
  EXPECT_EQ(answer(port(), "127.0.0.3", get_request("/healthz")).first, 200);
  // Once its sockets close, the address is served again.
  idle.clear();
  EXPECT_TRUE(eventually([this] { return answer(port(), "127.0.0.2", get_request("/healthz")).first == 200; }));
}

class ConnectionsInAll : public ServerEdge {
 protected:
  nlohmann::json config() const override {
    return {{"ws_heartbeat_seconds", 1},
            {"server", {{"max_connections", 10}, {"staff_reserve", 5}, {"first_byte_timeout_seconds", 60}}}};
  }
};

TEST_F(ConnectionsInAll, AtTheCapTheConsoleKeepsItsStreamAndStaffStillGetIn) {
  auto staff = admin();
  const auto cookie = staff->cookie_header();
  staff->disconnect();
  WsClient console(port(), "/ws", staff.get());
  ASSERT_TRUE(console.connected()) << console.error();
  ASSERT_TRUE(console.next());  // the snapshot
  // A script fills every ordinary slot with sockets that say nothing.
  std::vector<std::unique_ptr<RawSocket>> idle;
  for (int i = 0; i < 9; ++i) idle.push_back(std::make_unique<RawSocket>(port(), "127.0.0.2"));
  EXPECT_EQ(answer(port(), "127.0.0.4", get_request("/healthz")), std::make_pair(503, std::string("server_busy")));
  EXPECT_EQ(answer(port(), "127.0.0.4", get_request("/api/me", "vc_session=forged")).first, 503);
  // A console's request still gets in (a reserved slot), and the open stream lives on.
  EXPECT_EQ(answer(port(), "127.0.0.4", get_request("/api/me", cookie)).first, 200);
  bool heard = false;
  for (int i = 0; i < 5 && !heard; ++i) {
    const auto frame = console.next(3s);
    heard = frame && (*frame)["type"] == "heartbeat";
  }
  EXPECT_TRUE(heard);
  EXPECT_FALSE(console.closed());
}

class FirstByte : public ServerEdge {
 protected:
  nlohmann::json config() const override { return {{"server", {{"first_byte_timeout_seconds", 1}}}}; }
};

TEST_F(FirstByte, ASocketThatSaysNothingIsClosedSoon) {
  RawSocket silent(port());
  ASSERT_TRUE(silent.connected());
  // request_timeout (30 s) is far beyond this wait; the first byte's deadline is 1 s.
  silent.read(15s);
  EXPECT_TRUE(silent.closed());
  // One that speaks in time is served.
  RawSocket prompt(port());
  prompt.send(get_request("/healthz"));
  EXPECT_EQ(raw_status(prompt.read(10s)), 200);
}

class StreamCaps : public ServerEdge {
 protected:
  nlohmann::json config() const override { return {{"server", {{"max_streams_per_user", 2}, {"max_streams", 3}}}}; }
};

TEST_F(StreamCaps, OneAccountCannotHoldEveryStreamAndTheServerHoldsAFixedNumber) {
  auto producer = admin();
  auto moderator = staff("kiemduyet", "moderator");
  const auto overlay = producer->get("/api/program/overlay").json();
  ASSERT_TRUE(overlay.contains("url")) << overlay;
  const std::string overlay_url = overlay["url"];
  const auto token = overlay_url.substr(overlay_url.find("token=") + 6);

  // Two streams for the producer: a console socket and the scene's events.
  WsClient first(port(), "/ws", producer.get());
  ASSERT_TRUE(first.connected()) << first.error();
  RawSocket events(port());
  events.send(get_request("/api/program/scene/events", producer->cookie_header()));
  ASSERT_NE(events.read(10s, "data: ").find("data: "), std::string::npos);

  // A third is refused for this account, as JSON, whichever kind it is.
  WsClient third(port(), "/ws", producer.get());
  EXPECT_FALSE(third.connected());
  EXPECT_EQ(third.http_status(), 429);
  const auto refusal = nlohmann::json::parse(third.refusal_body(), nullptr, false);
  EXPECT_TRUE(refusal.is_object() && refusal.value("error", nlohmann::json::object()).value("code", "") == "too_many_streams")
      << third.refusal_body();
  EXPECT_EQ(answer(port(), "127.0.0.1", get_request("/api/program/scene/events", producer->cookie_header())),
            std::make_pair(429, std::string("too_many_streams")));

  // Another account has its own; then the server's three are taken.
  WsClient other(port(), "/ws", moderator.get());
  ASSERT_TRUE(other.connected()) << other.error();
  EXPECT_EQ(answer(port(), "127.0.0.1", get_request("/api/program/scene/events?token=" + token)),
            std::make_pair(503, std::string("streams_full")));

  // A stream that ends gives its slot back.
  first.close();
  EXPECT_TRUE(eventually([&] {
    WsClient again(port(), "/ws", producer.get());
    return again.connected();
  }));
}

}  // namespace
}  // namespace votercast::test

namespace votercast::test {
namespace {

// Started under a soft limit on open files below the caps (systemd's default is 1,024),
// the server raises it to the hard limit: the caps, not the descriptors, run out first.
class DescriptorLimit : public LiveServer {
 protected:
  void SetUp() override {}
};

std::string soft_open_files_of(pid_t pid) {
  std::ifstream limits("/proc/" + std::to_string(pid) + "/limits");
  for (std::string line; std::getline(limits, line);)
    if (line.starts_with("Max open files")) {
      std::istringstream fields(line.substr(std::string("Max open files").size()));
      std::string soft;
      fields >> soft;
      return soft;
    }
  return "";
}

TEST_F(DescriptorLimit, TheServerRaisesItsSoftLimitToTheHardOne) {
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &before), 0);
  if (before.rlim_max <= 512) GTEST_SKIP() << "the hard limit here is too low to show a raise";
  rlimit low = before;
  low.rlim_cur = 512;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  start();  // the child inherits the low soft limit
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &before), 0);
  const auto hard = before.rlim_max == RLIM_INFINITY ? std::string("unlimited") : std::to_string(before.rlim_max);
  EXPECT_EQ(soft_open_files_of(server->pid()), hard);
}

}  // namespace
}  // namespace votercast::test
