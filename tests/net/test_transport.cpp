// HttpServer in-process: the transport's promises (keep-alive, limits, decoding,
// deferred responses, WebSocket admission, ordering and back-pressure), tested over
// real sockets with stub hooks.
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_client.hpp"
#include "web/net/http_server.hpp"

namespace votercast::test {
namespace {

using namespace std::chrono_literals;
using web::HttpServer;
using web::Request;
using web::Respond;
using web::Response;
using web::ServerHooks;
using web::ServerLimits;
using web::WsConnection;
using Clock = std::chrono::steady_clock;

template <class Pred>
bool wait_until(Pred pred, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = Clock::now() + timeout;
  while (!pred()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

nlohmann::json describe(const Request& r) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : r.headers) headers[name] = value;
  return {{"method", r.method}, {"target", r.target}, {"path", r.path},   {"query", r.query},
          {"body", r.body},     {"headers", headers}, {"remote_ip", r.remote_ip}};
}

Response json_response(int status, const nlohmann::json& j) {
  Response res;
  res.status = status;
  res.body = j.dump();
  return res;
}

// Hook state shared between the io thread and the test thread.
struct Recorder {
  std::mutex mu;
  std::vector<std::string> handled_paths;
  std::vector<std::shared_ptr<WsConnection>> ws;           // io thread only
  std::map<WsConnection*, int> ws_closed_calls;           // guarded by mu
  std::vector<nlohmann::json> ws_requests;                 // guarded by mu
  std::vector<std::tuple<std::string, int>> observed;      // guarded by mu
  std::atomic<int> handle_calls{0};
  std::atomic<int> ws_opened_calls{0};

  int closed_total() {
    std::lock_guard<std::mutex> lock(mu);
    int n = 0;
    for (const auto& [ptr, count] : ws_closed_calls) n += count;
    return n;
  }
};

class TransportTest : public ::testing::Test {
 protected:
  TransportTest() {
    // Defaults: echo the request as JSON; admit every WebSocket; record the rest.
    hooks_.handle = [this](Request req, Respond respond) {
      ++rec_.handle_calls;
      {
        std::lock_guard<std::mutex> lock(rec_.mu);
        rec_.handled_paths.push_back(req.path);
      }
      respond(json_response(200, describe(req)));
    };
    hooks_.ws_admit = [](const Request&) -> std::optional<Response> { return std::nullopt; };
    hooks_.ws_opened = [this](std::shared_ptr<WsConnection> c, const Request& req) {
      ++rec_.ws_opened_calls;
      rec_.ws.push_back(std::move(c));
      std::lock_guard<std::mutex> lock(rec_.mu);
      rec_.ws_requests.push_back(describe(req));
    };
    hooks_.ws_closed = [this](WsConnection* c) {
      std::lock_guard<std::mutex> lock(rec_.mu);
      ++rec_.ws_closed_calls[c];
    };
    hooks_.observe = [this](const Request& req, int status, double seconds) {
      EXPECT_GE(seconds, 0.0);
      std::lock_guard<std::mutex> lock(rec_.mu);
      rec_.observed.emplace_back(req.path, status);
    };
  }

  void start(ServerLimits limits = {}) {
    server_ = std::make_unique<HttpServer>(limits, hooks_);
    port_ = server_->listen("127.0.0.1", 0);
    ASSERT_NE(port_, 0);
    thread_ = std::thread([this] { server_->run(); });
  }

  void stop_server() {
    if (!server_) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  void TearDown() override { stop_server(); }

  // Runs fn on the io thread and returns its result.
  template <class F>
  auto on_io(F fn) -> decltype(fn()) {
    using R = decltype(fn());
    auto p = std::make_shared<std::promise<R>>();
    auto f = p->get_future();
    server_->post([p, fn]() mutable {
      if constexpr (std::is_void_v<R>) {
        fn();
        p->set_value();
      } else {
        p->set_value(fn());
      }
    });
    if (f.wait_for(5s) != std::future_status::ready) {
      throw std::runtime_error("the io thread did not run a posted task within 5 s");
    }
    return f.get();
  }

  ServerHooks hooks_;
  Recorder rec_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  unsigned short port_ = 0;
};

// ---------------------------------------------------------------------------
// HTTP

TEST_F(TransportTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  HttpClient client(port_);
  for (int i = 0; i < 5; ++i) {
    const auto res = client.get("/ping/" + std::to_string(i));
    ASSERT_EQ(res.status, 200) << res.error;
    EXPECT_EQ(res.json()["path"], "/ping/" + std::to_string(i));
    EXPECT_EQ(res.header("server"), "votercast");
    EXPECT_EQ(res.header("content-type"), "application/json; charset=utf-8");
    EXPECT_NE(res.header("connection"), "close");
  }
  EXPECT_EQ(client.connections_opened(), 1);
  EXPECT_EQ(server_->open_connections(), 1u);
  EXPECT_EQ(rec_.handle_calls.load(), 5);
  // observe() ran for each response.
  EXPECT_TRUE(wait_until([&] {
    std::lock_guard<std::mutex> lock(rec_.mu);
    return rec_.observed.size() == 5;
  }));
}

TEST_F(TransportTest, Http10ClosesUnlessKeepAliveWasAsked) {
  start();
  HttpClient client(port_);
  const auto t0 = Clock::now();
  const std::string closed = client.raw("GET /old HTTP/1.0\r\n\r\n", 5s);
  EXPECT_LT(Clock::now() - t0, 3s) << "the server should close an HTTP/1.0 connection";
  EXPECT_EQ(raw_status(closed), 200) << closed;
  EXPECT_EQ(closed.rfind("HTTP/1.0 200", 0), 0u) << closed;
  EXPECT_NE(raw_body(closed).find("\"/old\""), std::string::npos) << closed;

  const std::string kept = client.raw("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 1s);
  EXPECT_EQ(raw_status(kept), 200) << kept;
  EXPECT_NE(kept.find("Connection: keep-alive"), std::string::npos) << kept;
}

TEST_F(TransportTest, ExpectContinueGetsAnInterimResponse) {
  start();
  HttpClient client(port_);
  const std::string raw = client.raw(
      "POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n"
      "Connection: close\r\n\r\nabc");
  EXPECT_EQ(raw.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("\"abc\""), std::string::npos) << raw;
}

TEST_F(TransportTest, HeadHasHeadersButNoBody) {
  hooks_.handle = [](Request, Respond respond) {
    Response res;
    res.content_type = "text/plain";
    res.headers = {{"X-Extra", "yes"}};
    res.body = "hello";
    respond(res);
  };
  start();
  HttpClient client(port_);
  const std::string raw =
      client.raw("HEAD /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 5s);
  EXPECT_EQ(raw_status(raw), 200) << raw;
  EXPECT_NE(raw.find("Content-Length: 5\r\n"), std::string::npos) << raw;
  EXPECT_NE(raw.find("X-Extra: yes\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw_body(raw), "") << raw;

  const auto get = client.get("/x");
  EXPECT_EQ(get.body, "hello");
  EXPECT_EQ(get.header("content-type"), "text/plain");
  const auto head = client.request("HEAD", "/x");  // and the connection stays usable
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(client.get("/x").body, "hello");
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(TransportTest, RespondInvokedLaterFromAnotherThread) {
  std::vector<std::thread> workers;
  std::mutex workers_mu;
  hooks_.handle = [&](Request req, Respond respond) {
    std::lock_guard<std::mutex> lock(workers_mu);
    workers.emplace_back([req = std::move(req), respond = std::move(respond)] {
      std::this_thread::sleep_for(150ms);
      respond(json_response(202, {{"late", req.path}}));
    });
  };
  start();
  HttpClient client(port_);
  const auto t0 = Clock::now();
  const auto res = client.post("/slow", {{"x", 1}});
  EXPECT_GE(Clock::now() - t0, 150ms);
  ASSERT_EQ(res.status, 202) << res.error;
  EXPECT_EQ(res.json()["late"], "/slow");
  // The connection is still good for the next request.
  EXPECT_EQ(client.get("/again").status, 202);
  EXPECT_EQ(client.connections_opened(), 1);
  for (auto& w : workers) w.join();
}

TEST_F(TransportTest, RespondAfterTheClientLeftIsHarmless) {
  std::promise<Respond> pending;
  std::atomic<bool> first{true};
  hooks_.handle = [&](Request req, Respond respond) {
    if (first.exchange(false)) {
      pending.set_value(std::move(respond));
      return;
    }
    respond(json_response(200, describe(req)));
  };
  start();
  HttpClient client(port_);
  // This client gives up before the answer comes.
  const std::string gone = client.raw("GET /abandoned HTTP/1.1\r\nHost: t\r\n\r\n", 200ms);
  EXPECT_EQ(gone, "");
  auto fut = pending.get_future();
  ASSERT_EQ(fut.wait_for(5s), std::future_status::ready);
  Respond respond = fut.get();
  std::thread([&] { respond(json_response(200, {{"too", "late"}})); }).join();
  respond(json_response(200, {{"twice", true}}));  // a second call is ignored

  const auto res = client.get("/next");
  EXPECT_EQ(res.status, 200) << res.error;
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 1; }))
      << server_->open_connections();
}

TEST_F(TransportTest, RespondNeverCalledAnswers500) {
  hooks_.handle = [](Request, Respond) {};  // drops the Respond
  start();
  HttpClient client(port_);
  const auto res = client.get("/forgotten");
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.json()["error"]["code"], "internal_error");
}

TEST_F(TransportTest, HandlerExceptionAnswers500) {
  hooks_.handle = [](Request, Respond) { throw std::runtime_error("boom"); };
  start();
  HttpClient client(port_);
  const auto res = client.get("/throws");
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.json()["error"]["code"], "internal_error");
  EXPECT_EQ(client.get("/throws").status, 500);  // and the server keeps serving
}

TEST_F(TransportTest, RespondAfterTheServerIsGoneIsHarmless) {
  std::promise<Respond> pending;
  hooks_.handle = [&](Request, Respond respond) { pending.set_value(std::move(respond)); };
  start();
  HttpResult seen;
  std::thread client_thread([port = port_, &seen] {
    HttpClient client(port);
    client.set_timeout(3s);
    seen = client.get("/never");
  });
  auto fut = pending.get_future();
  ASSERT_EQ(fut.wait_for(5s), std::future_status::ready);
  Respond respond = fut.get();
  stop_server();  // drains for up to ~2 s, then closes the connection
  respond(json_response(200, {{"after", "server"}}));
  respond = nullptr;
  client_thread.join();
  // The answer came too late to reach anyone: the client was told otherwise (the server's
  // own "not answered" 500, or the connection closed), and nothing crashed on the way.
  EXPECT_NE(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.body.find("after"), std::string::npos) << seen.body;
}

TEST_F(TransportTest, BodyTooLargeIs413Json) {
  start();  // body_limit 64 KiB
  HttpClient client(port_);
  const auto res = client.request("POST", "/big", std::string(65 * 1024, 'x'),
                                  {{"Content-Type", "text/plain"}});
  ASSERT_EQ(res.status, 413) << res.error;
  EXPECT_EQ(res.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(res.json()["error"]["code"], "body_too_large");
  EXPECT_TRUE(res.json()["error"]["message"].is_string());
  EXPECT_EQ(rec_.handle_calls.load(), 0);
  // Exactly at the limit is fine.
  const auto ok = client.request("POST", "/fits", std::string(64 * 1024, 'x'),
                                 {{"Content-Type", "text/plain"}});
  EXPECT_EQ(ok.status, 200) << ok.error;
  EXPECT_EQ(ok.json()["body"].get<std::string>().size(), 64u * 1024u);
}

TEST_F(TransportTest, HugeBodyIsRefusedWithoutReadingIt) {
  start();
  HttpClient client(port_);
  // 32 MiB announced: the server answers 413 from the headers and closes while the
  // client is still sending.
  const auto res = client.request("POST", "/huge", std::string(32 * 1024 * 1024, 'z'),
                                  {{"Content-Type", "text/plain"}});
  EXPECT_EQ(res.status, 413) << res.error;
  EXPECT_EQ(rec_.handle_calls.load(), 0);
  EXPECT_EQ(client.get("/small").status, 200);
}

TEST_F(TransportTest, ChunkedBodyTooLargeIs413) {
  start();
  HttpClient client(port_);
  std::string req = "POST /chunked HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(16 * 1024, 'y');
  for (int i = 0; i < 5; ++i) req += "4000\r\n" + chunk + "\r\n";
  req += "0\r\n\r\n";
  const std::string raw = client.raw(req);
  EXPECT_EQ(raw_status(raw), 413) << raw.substr(0, 200);
  EXPECT_NE(raw_body(raw).find("\"body_too_large\""), std::string::npos);
}

TEST_F(TransportTest, HeadersTooLargeIs431Json) {
  start();  // header_limit 8 KiB
  HttpClient client(port_);
  const auto res = client.get("/h", {{"X-Big", std::string(10 * 1024, 'h')}});
  ASSERT_EQ(res.status, 431) << res.error;
  EXPECT_EQ(res.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(res.json()["error"]["code"], "headers_too_large");
  EXPECT_EQ(rec_.handle_calls.load(), 0);
  EXPECT_EQ(client.get("/h", {{"X-Small", std::string(1024, 'h')}}).status, 200);
}

TEST_F(TransportTest, GarbageIs400Json) {
  start();
  HttpClient client(port_);
  const std::string raw = client.raw(std::string("\x01\x02\x03 garbage\x7f\r\n\r\n"));
  EXPECT_EQ(raw_status(raw), 400) << raw;
  auto body = nlohmann::json::parse(raw_body(raw), nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << raw;
  EXPECT_EQ(body["error"]["code"], "bad_request");

  const std::string bad_version = client.raw("GET / HTTP/9\r\nHost: t\r\n\r\n");
  EXPECT_EQ(raw_status(bad_version), 400) << bad_version;
  const std::string bad_length =
      client.raw("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: zz\r\n\r\n");
  EXPECT_EQ(raw_status(bad_length), 400) << bad_length;
  EXPECT_EQ(rec_.handle_calls.load(), 0);
  EXPECT_EQ(client.get("/still-up").status, 200);
}

TEST_F(TransportTest, BadPercentEncodingIs400) {
  start();
  HttpClient client(port_);
  for (const std::string target : {"/a%zz", "/a%", "/a%4", "/a%00b", "/x%GG?y=1", "/static/..%2Fcore"}) {
    const auto res = client.get(target);
    EXPECT_EQ(res.status, 400) << target;
    EXPECT_EQ(res.json()["error"]["code"], "bad_path") << target;
  }
  const auto query = client.get("/ok?x=%zz");
  EXPECT_EQ(query.status, 400);
  EXPECT_EQ(query.json()["error"]["code"], "bad_query");
  EXPECT_EQ(rec_.handle_calls.load(), 0);
  // A bad path does not cost the connection.
  EXPECT_EQ(client.get("/fine").status, 200);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(TransportTest, PathQueryAndHeadersAreDecoded) {
  start();
  HttpClient client(port_);
  const auto res = client.get(
      "/caf%C3%A9/a%20b+c?x=1&q=hello+world&s=%26%3D%2B&empty=&flag&x=2&%C4%91=%E1%BB%A9",
      {{"X-Mixed-CASE", "Value"}});
  ASSERT_EQ(res.status, 200) << res.error;
  const auto j = res.json();
  EXPECT_EQ(j["path"], "/café/a b+c");  // '+' is a space only in the query
  EXPECT_EQ(j["query"]["x"], "1");      // the first occurrence wins
  EXPECT_EQ(j["query"]["q"], "hello world");
  EXPECT_EQ(j["query"]["s"], "&=+");
  EXPECT_EQ(j["query"]["empty"], "");
  EXPECT_EQ(j["query"]["flag"], "");
  EXPECT_EQ(j["query"]["đ"], "ứ");
  EXPECT_EQ(j["target"], "/caf%C3%A9/a%20b+c?x=1&q=hello+world&s=%26%3D%2B&empty=&flag&x=2&%C4%91=%E1%BB%A9");
  EXPECT_EQ(j["headers"]["x-mixed-case"], "Value");
  EXPECT_EQ(j["method"], "GET");
  EXPECT_EQ(j["remote_ip"], "127.0.0.1");
}

TEST_F(TransportTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  HttpClient client(port_);
  const std::string raw = client.raw(
      "GET /one HTTP/1.1\r\nHost: t\r\n\r\n"
      "POST /two HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
      "GET /three HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  const auto one = raw.find("\"/one\"");
  const auto two = raw.find("\"/two\"");
  const auto three = raw.find("\"/three\"");
  ASSERT_NE(one, std::string::npos) << raw;
  ASSERT_NE(two, std::string::npos) << raw;
  ASSERT_NE(three, std::string::npos) << raw;
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
  EXPECT_NE(raw.find("\"abc\""), std::string::npos);
}

TEST_F(TransportTest, ClientDisconnectingMidRequestLeavesTheServerServing) {
  start();
  HttpClient client(port_);
  EXPECT_EQ(client.raw("GET /half HTTP/1.1\r\nHost: t\r\n", 100ms), "");
  EXPECT_EQ(client.raw("POST /half HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc", 100ms),
            "");
  EXPECT_EQ(client.raw("G", 50ms), "");
  EXPECT_EQ(rec_.handle_calls.load(), 0);
  const auto res = client.get("/whole");
  EXPECT_EQ(res.status, 200) << res.error;
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 1; }))
      << server_->open_connections();
}

TEST_F(TransportTest, SlowRequestsAndIdleConnectionsTimeOut) {
  ServerLimits limits;
  limits.request_timeout = 1s;
  limits.idle_timeout = 1s;
  start(limits);
  HttpClient client(port_);
  // Slowloris: the request never completes; the server closes silently.
  const auto t0 = Clock::now();
  const std::string raw = client.raw("GET /slow HTTP/1.1\r\nHost: t\r\nX-A: b\r\n", 5s);
  const auto took = Clock::now() - t0;
  EXPECT_EQ(raw, "");
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 4s);
  // Idle keep-alive connection.
  ASSERT_EQ(client.get("/a").status, 200);
  EXPECT_EQ(server_->open_connections(), 1u);
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 0; }, 3s));
  EXPECT_EQ(client.get("/b").status, 200);  // the client reconnects
  EXPECT_EQ(client.connections_opened(), 2);
}

TEST_F(TransportTest, ManyConnectionsComeAndGo) {
  start();
  {
    boost::asio::io_context ioc;
    std::vector<boost::asio::ip::tcp::socket> sockets;
    for (int i = 0; i < 200; ++i) {
      sockets.emplace_back(ioc);
      sockets.back().connect({boost::asio::ip::make_address("127.0.0.1"), port_});
    }
    EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 200; }))
        << server_->open_connections();
    for (std::size_t i = 0; i < sockets.size(); i += 2) {
      const std::string part = "GET /x HTTP/1.1\r\nHo";
      boost::asio::write(sockets[i], boost::asio::buffer(part));
    }
  }
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 0; }))
      << server_->open_connections();
  HttpClient client(port_);
  EXPECT_EQ(client.get("/after").status, 200);
}

TEST_F(TransportTest, ListenReportsAnAddressInUseOrInvalid) {
  start();
  HttpServer other(ServerLimits{}, hooks_);
  try {
    other.listen("127.0.0.1", port_);
    FAIL() << "listening twice on one port should throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
  HttpServer third(ServerLimits{}, hooks_);
  EXPECT_THROW(third.listen("not-an-address", 0), std::runtime_error);
}

TEST_F(TransportTest, StopLetsAnInFlightRequestFinish) {
  std::vector<std::thread> workers;
  std::promise<void> arrived;
  hooks_.handle = [&](Request, Respond respond) {
    arrived.set_value();
    workers.emplace_back([respond = std::move(respond)] {
      std::this_thread::sleep_for(300ms);
      respond(json_response(200, {{"finished", true}}));
    });
  };
  start();
  HttpResult res;
  std::thread client_thread([&, port = port_] {
    HttpClient client(port);
    res = client.get("/in-flight");
  });
  ASSERT_EQ(arrived.get_future().wait_for(5s), std::future_status::ready);
  const auto t0 = Clock::now();
  server_->stop();
  thread_.join();  // run() returns
  EXPECT_LT(Clock::now() - t0, 3s);
  client_thread.join();
  for (auto& w : workers) w.join();
  EXPECT_EQ(res.status, 200) << res.error;
  EXPECT_EQ(res.header("connection"), "close");
  server_.reset();
}

TEST_F(TransportTest, StopWithoutRunReturnsImmediately) {
  HttpServer server(ServerLimits{}, hooks_);
  server.listen("127.0.0.1", 0);
  server.stop();
  const auto t0 = Clock::now();
  server.run();
  EXPECT_LT(Clock::now() - t0, 1s);
}

// ---------------------------------------------------------------------------
// WebSocket

TEST_F(TransportTest, WebSocketRefusedWithTheStatusFromWsAdmit) {
  hooks_.handle = [](Request req, Respond respond) {
    if (req.path == "/login") {
      Response res = json_response(200, {{"ok", true}});
      res.headers.emplace_back("Set-Cookie", "session=letmein; Path=/; HttpOnly");
      res.headers.emplace_back("Set-Cookie", "theme=dark; Path=/");
      respond(res);
    } else if (req.path == "/logout") {
      Response res = json_response(200, {{"ok", true}});
      res.headers.emplace_back("Set-Cookie", "session=; Path=/; Max-Age=0");
      respond(res);
    } else {
      respond(web::error_response(404, "not_found", "no"));
    }
  };
  hooks_.ws_admit = [](const Request& req) -> std::optional<Response> {
    if (req.header("cookie").find("session=letmein") == std::string_view::npos) {
      return web::error_response(401, "unauthorized", "log in first");
    }
    return std::nullopt;
  };
  start();

  WsClient refused(port_);
  EXPECT_FALSE(refused.connected());
  EXPECT_EQ(refused.http_status(), 401);
  EXPECT_NE(refused.refusal_body().find("\"unauthorized\""), std::string::npos)
      << refused.refusal_body();
  EXPECT_TRUE(refused.closed());
  EXPECT_EQ(rec_.ws_opened_calls.load(), 0);

  HttpClient http(port_);
  http.set_default_header("Origin", "http://127.0.0.1");
  ASSERT_EQ(http.get("/login").status, 200);
  ASSERT_EQ(http.cookie("session"), "letmein");
  ASSERT_EQ(http.cookie("theme"), "dark");
  WsClient admitted(port_, "/ws?since=7", &http);
  ASSERT_TRUE(admitted.connected()) << admitted.error();
  EXPECT_EQ(admitted.http_status(), 101);
  ASSERT_TRUE(wait_until([&] { return rec_.ws_opened_calls.load() == 1; }));
  {
    std::lock_guard<std::mutex> lock(rec_.mu);
    const auto& req = rec_.ws_requests.at(0);
    EXPECT_EQ(req["path"], "/ws");
    EXPECT_EQ(req["query"]["since"], "7");
    EXPECT_EQ(req["headers"]["cookie"], "session=letmein; theme=dark");
    EXPECT_EQ(req["headers"]["origin"], "http://127.0.0.1");
  }

  // The jar forgets a cookie the server expires, and the upgrade is refused again.
  ASSERT_EQ(http.get("/logout").status, 200);
  EXPECT_FALSE(http.cookie("session").has_value());
  WsClient after_logout(port_, "/ws", &http);
  EXPECT_EQ(after_logout.http_status(), 401);
}

TEST_F(TransportTest, UpgradeOnAnotherPathIsAnOrdinaryRequest) {
  start();
  WsClient elsewhere(port_, "/not-ws");
  EXPECT_FALSE(elsewhere.connected());
  EXPECT_EQ(elsewhere.http_status(), 200);  // the echo handler answered it
  EXPECT_EQ(rec_.ws_opened_calls.load(), 0);
  EXPECT_EQ(rec_.handle_calls.load(), 1);
}

TEST_F(TransportTest, WebSocketFramesArriveInOrder) {
  hooks_.ws_opened = [this](std::shared_ptr<WsConnection> c, const Request&) {
    for (int i = 0; i < 300; ++i) {
      EXPECT_TRUE(c->send(std::make_shared<const std::string>(
          nlohmann::json{{"seq", i}, {"pad", std::string(i * 10, 'p')}}.dump())));
    }
    ++rec_.ws_opened_calls;
    rec_.ws.push_back(std::move(c));
  };
  start();
  WsClient ws(port_);
  ASSERT_TRUE(ws.connected()) << ws.error();
  for (int i = 0; i < 300; ++i) {
    const auto frame = ws.next(5s);
    ASSERT_TRUE(frame.has_value()) << "frame " << i << " missing";
    ASSERT_EQ((*frame)["seq"], i);
  }
  EXPECT_FALSE(ws.next(100ms).has_value());  // nothing more, and the timeout works
  EXPECT_FALSE(ws.closed());
  // More frames later, from the io thread, still in order.
  on_io([this] {
    for (int i = 300; i < 310; ++i) {
      rec_.ws.at(0)->send(std::make_shared<const std::string>(nlohmann::json{{"seq", i}}.dump()));
    }
  });
  for (int i = 300; i < 310; ++i) {
    const auto frame = ws.next(5s);
    ASSERT_TRUE(frame.has_value());
    EXPECT_EQ((*frame)["seq"], i);
  }
  EXPECT_TRUE(ws.send_text("{\"hello\":1}"));  // client frames are ignored
  EXPECT_FALSE(ws.next(100ms).has_value());
  EXPECT_FALSE(ws.closed());
}

TEST_F(TransportTest, WebSocketQueueIsBounded) {
  ServerLimits limits;
  limits.ws_queue_limit = 4;
  start(limits);
  WsClient ws(port_);
  ASSERT_TRUE(ws.connected()) << ws.error();
  ASSERT_TRUE(wait_until([&] { return rec_.ws_opened_calls.load() == 1; }));

  // Within one io-thread task no write can complete: exactly the limit is accepted.
  const auto accepted = on_io([this] {
    auto frame = std::make_shared<const std::string>(std::string(64 * 1024, 'a'));
    int n = 0;
    for (int i = 0; i < 20; ++i) n += rec_.ws.at(0)->send(frame) ? 1 : 0;
    return std::make_pair(n, rec_.ws.at(0)->queued());
  });
  EXPECT_EQ(accepted.first, 4);
  EXPECT_EQ(accepted.second, 4u);
  EXPECT_FALSE(on_io([this] { return rec_.ws.at(0)->send(nullptr); }));
}

TEST_F(TransportTest, WebSocketClientThatDoesNotReadHitsTheLimit) {
  ServerLimits limits;
  limits.ws_queue_limit = 8;
  start(limits);
  WsClient ws(port_);  // never reads
  ASSERT_TRUE(ws.connected()) << ws.error();
  ASSERT_TRUE(wait_until([&] { return rec_.ws_opened_calls.load() == 1; }));
  // One 1 MiB frame at a time: while the kernel's socket buffers have room each write
  // completes; once they are full (the client reads nothing) the queue fills up.
  auto frame = std::make_shared<const std::string>(std::string(1024 * 1024, 'b'));
  int sent = 0;
  int drained = 0;
  bool refused = false;
  for (int i = 0; i < 1000 && !refused; ++i) {
    if (!on_io([&] { return rec_.ws.at(0)->send(frame); })) {
      refused = true;
      break;
    }
    ++sent;
    if (wait_until([&] { return on_io([this] { return rec_.ws.at(0)->queued(); }) == 0; }, 100ms)) {
      ++drained;
    }
  }
  EXPECT_TRUE(refused) << "sent " << sent << " MiB without back-pressure";
  EXPECT_GE(drained, 1) << "no write ever completed";
  EXPECT_GE(sent, drained + 8);
  EXPECT_EQ(on_io([this] { return rec_.ws.at(0)->queued(); }), 8u);

  // close() while the client is stuck: nothing queued is lost, the close comes last.
  on_io([this] { rec_.ws.at(0)->close(); });
  EXPECT_FALSE(on_io([&] { return rec_.ws.at(0)->send(frame); }));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(rec_.closed_total(), 0);  // still flushing
  int received = 0;
  while (auto text = ws.next_text(5s)) {
    ASSERT_EQ(text->size(), frame->size());
    ++received;
  }
  EXPECT_EQ(received, sent);
  EXPECT_TRUE(ws.closed());
  EXPECT_EQ(ws.close_code(), 1000);
  EXPECT_TRUE(wait_until([&] { return rec_.closed_total() == 1; }));
  EXPECT_EQ(on_io([this] { return rec_.ws.at(0)->queued(); }), 0u);
  EXPECT_FALSE(on_io([&] { return rec_.ws.at(0)->send(frame); }));
}

TEST_F(TransportTest, WebSocketClientVanishingWithAFullQueue) {
  ServerLimits limits;
  limits.ws_queue_limit = 4;
  start(limits);
  auto ws = std::make_unique<WsClient>(port_);
  ASSERT_TRUE(ws->connected());
  ASSERT_TRUE(wait_until([&] { return rec_.ws_opened_calls.load() == 1; }));
  auto frame = std::make_shared<const std::string>(std::string(1024 * 1024, 'c'));
  for (int i = 0; i < 1000; ++i) {
    if (!on_io([&] { return rec_.ws.at(0)->send(frame); })) break;
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_EQ(on_io([this] { return rec_.ws.at(0)->queued(); }), 4u);
  ws->drop();
  ws.reset();
  EXPECT_TRUE(wait_until([&] { return rec_.closed_total() == 1; }));
  EXPECT_EQ(on_io([this] { return rec_.ws.at(0)->queued(); }), 0u);
  EXPECT_FALSE(on_io([&] { return rec_.ws.at(0)->send(frame); }));
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 0; }));
}

TEST_F(TransportTest, WsClosedIsCalledOnceWhenTheClientLeaves) {
  start();
  {
    WsClient polite(port_);
    ASSERT_TRUE(polite.connected());
    WsClient rude(port_);
    ASSERT_TRUE(rude.connected());
    ASSERT_TRUE(wait_until([&] { return rec_.ws_opened_calls.load() == 2; }));
    EXPECT_EQ(server_->open_connections(), 2u);
    polite.close();
    rude.drop();
  }
  EXPECT_TRUE(wait_until([&] { return rec_.closed_total() == 2; }));
  std::this_thread::sleep_for(200ms);
  std::lock_guard<std::mutex> lock(rec_.mu);
  ASSERT_EQ(rec_.ws_closed_calls.size(), 2u);
  for (const auto& [ptr, count] : rec_.ws_closed_calls) EXPECT_EQ(count, 1);
  // The pointers are the connections ws_opened received.
  EXPECT_EQ(rec_.ws_closed_calls.count(rec_.ws.at(0).get()), 1u);
  EXPECT_EQ(rec_.ws_closed_calls.count(rec_.ws.at(1).get()), 1u);
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 0; }));
}

TEST_F(TransportTest, ServerCloseFlushesQueuedFramesFirst) {
  hooks_.ws_opened = [this](std::shared_ptr<WsConnection> c, const Request&) {
    for (int i = 0; i < 3; ++i) {
      c->send(std::make_shared<const std::string>(nlohmann::json{{"seq", i}}.dump()));
    }
    c->close();
    EXPECT_FALSE(c->send(std::make_shared<const std::string>("{}")));  // closing
    ++rec_.ws_opened_calls;
    rec_.ws.push_back(std::move(c));
  };
  start();
  WsClient ws(port_);
  ASSERT_TRUE(ws.connected());
  for (int i = 0; i < 3; ++i) {
    const auto frame = ws.next(5s);
    ASSERT_TRUE(frame.has_value()) << i;
    EXPECT_EQ((*frame)["seq"], i);
  }
  EXPECT_FALSE(ws.next(2s).has_value());
  EXPECT_TRUE(ws.closed());
  EXPECT_EQ(ws.close_code(), 1000);
  EXPECT_TRUE(wait_until([&] { return rec_.closed_total() == 1; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(rec_.closed_total(), 1);
}

TEST_F(TransportTest, StopClosesWebSocketsAndCallsWsClosed) {
  start();
  WsClient ws(port_);
  ASSERT_TRUE(ws.connected());
  ASSERT_TRUE(wait_until([&] { return rec_.ws_opened_calls.load() == 1; }));
  std::thread stopper([this] { stop_server(); });
  EXPECT_FALSE(ws.next(5s).has_value());
  EXPECT_TRUE(ws.closed());
  EXPECT_EQ(ws.close_code(), 1001);  // going away
  stopper.join();
  EXPECT_EQ(rec_.closed_total(), 1);
}

TEST_F(TransportTest, OpenConnectionsCountsHttpAndWebSocket) {
  start();
  EXPECT_EQ(server_->open_connections(), 0u);
  HttpClient http(port_);
  ASSERT_EQ(http.get("/x").status, 200);
  WsClient ws(port_);
  ASSERT_TRUE(ws.connected());
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 2; }))
      << server_->open_connections();
  http.disconnect();
  ws.close();
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 0; }))
      << server_->open_connections();
}

}  // namespace
}  // namespace votercast::test

namespace votercast::test {
namespace {

// Hands out "part N" every time it is asked, until `total`, with a nullopt in between
// so that the transport has to wait and ask again.
class CountingStream : public web::ResponseStream {
 public:
  // `parts`, if given, counts the parts this stream (and others sharing it) has made.
  explicit CountingStream(int total, std::shared_ptr<std::atomic<int>> parts = nullptr)
      : total_(total), parts_(std::move(parts)) {}
  std::optional<std::string> next_part() override {
    if (++calls_ % 2 == 0 || ended()) return std::nullopt;
    if (parts_) ++*parts_;
    return "part " + std::to_string(++sent_) + "\n";
  }
  bool ended() const override { return total_ > 0 && sent_ >= total_; }
  std::chrono::milliseconds poll_interval() const override { return std::chrono::milliseconds(5); }

 private:
  int total_;  // 0: never ends
  std::shared_ptr<std::atomic<int>> parts_;
  int calls_ = 0;
  int sent_ = 0;
};

TEST_F(TransportTest, AStreamSendsItsPartsThenCloses) {
  hooks_.handle = [](Request, Respond respond) {
    Response res;
    res.content_type = "multipart/x-mixed-replace; boundary=frame";
    res.headers.emplace_back("Cache-Control", "no-store");
    res.stream = std::make_shared<CountingStream>(3);
    respond(std::move(res));
  };
  start();
  HttpClient client(port_);
  const std::string raw = client.raw("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", 5s);
  EXPECT_EQ(raw_status(raw), 200) << raw;
  EXPECT_NE(raw.find("multipart/x-mixed-replace; boundary=frame"), std::string::npos) << raw;
  EXPECT_NE(raw.find("Cache-Control: no-store"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("Content-Length"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\r\n\r\npart 1\npart 2\npart 3\n"), std::string::npos) << raw;
}

TEST_F(TransportTest, AStreamEndsWhenTheClientLeavesOrTheServerStops) {
  auto parts = std::make_shared<std::atomic<int>>(0);
  hooks_.handle = [parts](Request req, Respond respond) {
    if (req.path != "/stream") return respond(json_response(200, describe(req)));
    Response res;
    res.content_type = "text/plain";
    res.stream = std::make_shared<CountingStream>(0, parts);
    respond(std::move(res));
  };
  start();
  {
    HttpClient leaving(port_);
    const std::string some = leaving.raw("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", 300ms);
    EXPECT_NE(some.find("part 2\n"), std::string::npos) << some;
  }
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 0; }))
      << "the stream noticed its client was gone";
  HttpClient other(port_);
  EXPECT_EQ(other.get("/still-serving").status, 200);
  HttpClient watching(port_);
  const int parts_before = *parts;
  auto seen = std::async(std::launch::async, [&] { return watching.raw("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", 10s); });
  // Stopped once the stream is under way (a connection only accepted has nothing to end).
  ASSERT_TRUE(wait_until([&] { return *parts > parts_before + 1; }));
  const auto t0 = Clock::now();
  stop_server();
  EXPECT_LT(Clock::now() - t0, 3s) << "a stream must not hold up the shutdown";
  EXPECT_NE(seen.get().find("part 1\n"), std::string::npos);
}

}  // namespace
}  // namespace votercast::test
