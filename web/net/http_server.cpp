// The network transport: one io_context, HTTP/1.1 sessions as C++20 coroutines,
// WebSocket connections with a bounded write queue. Patterned on Boost.Beast's
// advanced_server / websocket_server_coro examples.
//
// Lifetime rules (the ones that keep this free of use-after-free):
//  * Every session is owned by the handlers/coroutine frames that are pending on it
//    (shared_ptr), plus nothing else. The server keeps only a registry of raw
//    pointers, touched on the io thread, which sessions maintain themselves.
//  * A Respond holds a weak_ptr to its session and a shared "gate" that knows whether
//    the io_context still exists; calling it late (connection gone, server gone) is a no-op.
//  * The WsConnection handed to the hooks is a handle with a weak_ptr to the
//    WebSocket session, so the hub may keep it for as long as it likes.
#include "web/net/http_server.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <iostream>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "web/net/request_reader.hpp"
#include "web/net/request_target.hpp"

namespace votercast::web {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto nothrow_awaitable = net::as_tuple(net::use_awaitable);

// How long a closing connection keeps reading (and discarding) what the client still
// sends, so that the response is not destroyed by a TCP reset ("lingering close").
constexpr auto kLingerTime = std::chrono::seconds(1);
constexpr std::size_t kLingerBytes = 1024 * 1024;
// Graceful stop: in-flight requests get this long, then sockets are closed.
constexpr auto kDrainTime = std::chrono::seconds(2);
// After WsConnection::close(), a client that makes no progress for this long (reads
// none of what is still queued, or never answers the close frame) is disconnected.
// Generous on purpose: a console told to resync may be busy for a while before it
// reads the queued notice.
constexpr auto kWsCloseTimeout = std::chrono::seconds(30);
constexpr std::size_t kWsReadMessageMax = 64 * 1024;

void log_error(std::string_view what) {
  std::cerr << "votercast: http: " << what << std::endl;
}

void log_exception(const char* where, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    log_error(std::string(where) + ": " + ex.what());
  } catch (...) {
    log_error(std::string(where) + ": unknown exception");
  }
}

Response with_retry_after(Response refusal) {
  refusal.headers.emplace_back("Retry-After", "5");
  return refusal;
}

bool header_text_ok(std::string_view s) {
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

std::string ip_string(const net::ip::address& addr) {
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, addr.to_v6()).to_string();
  }
  return addr.to_string();
}

// ---------------------------------------------------------------------------
// Server state

// Lets other threads post to the io_context only while it exists.
struct Gate {
  std::mutex mu;
  net::io_context* ioc = nullptr;

  template <class F>
  void post(F&& f) {
    std::lock_guard<std::mutex> lock(mu);
    if (ioc == nullptr) return;
    try {
      net::post(*ioc, std::forward<F>(f));
    } catch (const std::exception& e) {
      log_error(std::string("post failed: ") + e.what());
    }
  }
};

class SessionBase;

// What a new connection may do, decided when it is accepted (ServerLimits' caps).
enum class Admission { open, reserve_only, address_full };

struct Server {
  Server(ServerLimits l, ServerHooks h) : limits(l), hooks(std::move(h)) {
    gate->ioc = &ioc;
  }
  ~Server() {
    std::lock_guard<std::mutex> lock(gate->mu);
    gate->ioc = nullptr;
  }

  unsigned short listen(const std::string& address, unsigned short port);
  net::awaitable<void> accept_loop();
  // What the caps let a new connection from `address` do; nullopt: close it unread.
  std::optional<Admission> admission_of(const std::string& address) const;
  void request_stop();
  net::awaitable<void> drain();
  net::awaitable<void> wait_until_empty(net::steady_timer& tick, Clock::time_point deadline);
  std::vector<SessionBase*> snapshot() const { return {sessions.begin(), sessions.end()}; }

  void observe(const Request& req, int status, Clock::time_point started) {
    if (!hooks.observe) return;
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    try {
      hooks.observe(req, status, seconds);
    } catch (const std::exception& e) {
      log_error(std::string("observe hook threw: ") + e.what());
    }
  }

  ServerLimits limits;
  ServerHooks hooks;
  std::shared_ptr<Gate> gate = std::make_shared<Gate>();
  std::atomic<std::size_t> open{0};
  std::atomic<bool> stop_requested{false};
  bool stopping = false;                       // io thread only
  std::unordered_set<SessionBase*> sessions;   // io thread only
  std::unordered_map<std::string, std::size_t> per_address;  // open sessions by peer, io thread only
  // Declared after everything sessions touch in their destructors: pending handlers
  // (which own the sessions) are destroyed with the io_context.
  net::io_context ioc{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work{
      net::make_work_guard(ioc)};
  tcp::acceptor acceptor{ioc};
  bool listening = false;
};

class SessionBase {
 public:
  SessionBase(Server& srv, std::string peer) : srv_(srv), peer_(std::move(peer)) {
    srv_.sessions.insert(this);
    ++srv_.per_address[peer_];
    srv_.open.fetch_add(1, std::memory_order_relaxed);
  }
  virtual ~SessionBase() {
    srv_.sessions.erase(this);
    if (const auto it = srv_.per_address.find(peer_); it != srv_.per_address.end() && --it->second == 0)
      srv_.per_address.erase(it);
    srv_.open.fetch_sub(1, std::memory_order_relaxed);
  }
  SessionBase(const SessionBase&) = delete;
  SessionBase& operator=(const SessionBase&) = delete;
  // graceful: finish what is in flight, then close; force: close the socket now.
  virtual void shutdown(bool force) = 0;

 protected:
  Server& srv_;
  const std::string peer_;  // the connection's address (a proxy's, behind one)
};

// ---------------------------------------------------------------------------
// WebSocket

class WsSession;

class WsHandle final : public WsConnection {
 public:
  explicit WsHandle(std::weak_ptr<WsSession> s) : session_(std::move(s)) {}
  bool send(std::shared_ptr<const std::string> text) override;
  void close() override;
  std::size_t queued() const override;

 private:
  std::weak_ptr<WsSession> session_;
};

class WsSession final : public SessionBase, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(Server& srv, std::string peer, beast::tcp_stream&& stream)
      : SessionBase(srv, std::move(peer)), ws_(std::move(stream)), close_timer_(ws_.get_executor()) {}

  void start(http::request<http::string_body> req, Request request, Clock::time_point started) {
    request_ = std::move(request);
    started_ = started;
    beast::get_lowest_layer(ws_).expires_never();  // the websocket stream has its own timeouts
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    websocket::permessage_deflate pmd;
    pmd.server_enable = false;
    pmd.client_enable = false;
    ws_.set_option(pmd);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "votercast"); }));
    ws_.read_message_max(kWsReadMessageMax);
    ws_.text(true);
    ws_.async_accept(req, [self = shared_from_this()](beast::error_code ec) {
      self->on_accept(ec);
    });
  }

  bool send(std::shared_ptr<const std::string> text) {
    if (!text || !opened_ || ended_ || closing_) return false;
    if (queue_.size() >= srv_.limits.ws_queue_limit) return false;
    queue_.push_back(std::move(text));
    if (!writing_) do_write();
    return true;
  }

  void close(websocket::close_code code) {
    if (ended_ || closing_) return;
    closing_ = true;
    close_code_ = code;
    arm_close_timer();
    if (!writing_) do_close();
  }

  std::size_t queued() const { return queue_.size(); }

  void shutdown(bool force) override {
    if (force) {
      force_close();
    } else if (opened_) {
      close(websocket::close_code::going_away);
    }
    // A handshake still in progress is bounded by the handshake timeout (and the
    // forced phase of the drain).
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return;  // handshake failed: nothing was opened, the session just ends
    opened_ = true;
    srv_.observe(request_, 101, started_);
    handle_ = std::make_shared<WsHandle>(weak_from_this());
    do_read();
    if (srv_.hooks.ws_opened) {
      try {
        srv_.hooks.ws_opened(handle_, request_);
      } catch (const std::exception& e) {
        log_error(std::string("ws_opened hook threw: ") + e.what());
        close(websocket::close_code::internal_error);
      }
    }
  }

  // (Re)starts the deadline for a closing connection to make progress.
  void arm_close_timer() {
    close_timer_.expires_after(kWsCloseTimeout);
    close_timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
      if (ec) return;
      if (auto self = weak.lock()) self->force_close();
    });
  }

  void do_read() {
    ws_.async_read(read_buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      finish();
      return;
    }
    // Without a ws_received hook client frames only keep the connection alive.
    if (srv_.hooks.ws_received && ws_.got_text() && !closing_) {
      std::string text = beast::buffers_to_string(read_buffer_.data());
      read_buffer_.consume(read_buffer_.size());
      try {
        srv_.hooks.ws_received(handle_.get(), std::move(text));
      } catch (const std::exception& e) {
        log_error(std::string("ws_received hook threw: ") + e.what());
        close(websocket::close_code::internal_error);
      }
    }
    read_buffer_.consume(read_buffer_.size());
    if (!ended_) do_read();
  }

  void do_write() {
    writing_ = true;
    ws_.async_write(net::buffer(*queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      self->on_write(ec);
                    });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ended_) {
      queue_.clear();
      return;
    }
    if (ec) {
      finish();
      return;
    }
    queue_.pop_front();
    if (closing_) arm_close_timer();  // the client is reading: give it more time
    if (!queue_.empty()) {
      do_write();
    } else if (closing_) {
      do_close();
    }
  }

  void do_close() {
    if (close_sent_ || ended_) return;
    close_sent_ = true;
    ws_.async_close(close_code_, [self = shared_from_this()](beast::error_code ec) {
      // On success the pending read completes with websocket::error::closed.
      if (ec) self->finish();
    });
  }

  void force_close() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  void finish() {
    if (ended_) return;
    ended_ = true;
    close_timer_.cancel();
    force_close();
    if (!writing_) queue_.clear();  // otherwise on_write clears it (the buffer is in use)
    if (opened_ && srv_.hooks.ws_closed) {
      try {
        srv_.hooks.ws_closed(handle_.get());
      } catch (const std::exception& e) {
        log_error(std::string("ws_closed hook threw: ") + e.what());
      }
    }
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer read_buffer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  net::steady_timer close_timer_;
  websocket::close_code close_code_ = websocket::close_code::normal;
  std::shared_ptr<WsHandle> handle_;
  Request request_;
  Clock::time_point started_;
  bool opened_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  bool ended_ = false;
};

bool WsHandle::send(std::shared_ptr<const std::string> text) {
  auto s = session_.lock();
  return s ? s->send(std::move(text)) : false;
}

void WsHandle::close() {
  if (auto s = session_.lock()) s->close(websocket::close_code::normal);
}

std::size_t WsHandle::queued() const {
  auto s = session_.lock();
  return s ? s->queued() : 0;
}

// ---------------------------------------------------------------------------
// HTTP

class HttpSession;

// Shared by all copies of one request's Respond. Completes at most once; if every copy
// is dropped without being called, answers 500 so the connection does not hang.
class Responder {
 public:
  Responder(std::shared_ptr<Gate> gate, std::weak_ptr<HttpSession> session, std::uint64_t seq)
      : gate_(std::move(gate)), session_(std::move(session)), seq_(seq) {}
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;
  ~Responder() {
    if (!done_.load()) {
      complete(error_response(500, "internal_error", "the request was not answered"));
    }
  }
  void complete(Response res);

 private:
  std::shared_ptr<Gate> gate_;
  std::weak_ptr<HttpSession> session_;
  std::uint64_t seq_;
  std::atomic<bool> done_{false};
};

class HttpSession final : public SessionBase, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(Server& srv, tcp::socket socket, std::string remote_ip, Admission admission)
      : SessionBase(srv, remote_ip),
        stream_(std::move(socket)),
        remote_ip_(std::move(remote_ip)),
        wake_(stream_.get_executor()),
        admission_(admission) {}

  net::awaitable<void> run(std::shared_ptr<HttpSession> self);

  void shutdown(bool force) override {
    if (upgraded_) return;
    if (force) {
      aborted_ = true;
      wake_.cancel();
      beast::error_code ignored;
      stream_.socket().close(ignored);
    } else if (state_ == State::idle) {
      stream_.cancel();  // the wait for the next request ends; the loop sees `stopping`
    }
  }

  void deliver(std::uint64_t seq, Response res) {
    if (seq != seq_ || state_ != State::handling || response_) return;
    response_ = std::move(res);
    wake_.cancel();
  }

 private:
  enum class State { idle, reading, handling, writing, closing };

  // Returns false if the connection must close.
  net::awaitable<bool> serve_one();
  net::awaitable<beast::error_code> write_response(Response res, unsigned version,
                                                   bool keep_alive, bool head);
  net::awaitable<void> write_stream(Response res, unsigned version);
  // Coroutine parameters are taken by value: nothing may dangle across a suspension.
  net::awaitable<void> write_error_and_close(int status, std::string code, std::string message,
                                             Request req, unsigned version);
  net::awaitable<void> refuse_and_close(Response refusal, Request req, unsigned version);
  net::awaitable<void> linger_close();
  void upgrade(http::request<http::string_body> req, Request request);
  // A connection over a cap: its refusal, or nullopt once the request may go on.
  std::optional<Response> over_cap_refusal(const Request& request);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string remote_ip_;
  net::steady_timer wake_;
  std::optional<Response> response_;
  std::uint64_t seq_ = 0;
  State state_ = State::idle;
  Clock::time_point started_;
  bool first_ = true;
  bool aborted_ = false;
  bool upgraded_ = false;
  Admission admission_;
};

void Responder::complete(Response res) {
  if (done_.exchange(true)) return;
  gate_->post([session = session_, seq = seq_, res = std::move(res)]() mutable {
    if (auto s = session.lock()) s->deliver(seq, std::move(res));
  });
}

net::awaitable<void> HttpSession::run(std::shared_ptr<HttpSession> self) {
  (void)self;  // keeps the session alive for as long as this coroutine runs
  try {
    while (co_await serve_one()) {
    }
  } catch (const std::exception& e) {
    log_error(std::string("session: ") + e.what());
  }
  if (!upgraded_) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }
}

net::awaitable<bool> HttpSession::serve_one() {
  const ServerLimits& limits = srv_.limits;

  // 1. Wait for the first byte of the next request (idle / keep-alive timeout).
  state_ = State::idle;
  if (srv_.stopping) co_return false;
  if (buffer_.size() == 0) {
    // A new connection proves itself quickly: silent sockets must not pile up.
    stream_.expires_after(first_ ? limits.first_byte_timeout : limits.idle_timeout);
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(4096), nothrow_awaitable);
    if (ec) co_return false;  // peer closed, timeout, or stop: close silently
    buffer_.commit(n);
  }
  first_ = false;

  // 2. Read the whole request within request_timeout.
  state_ = State::reading;
  started_ = Clock::now();
  // One over a cap is only read to be answered: it gets no longer than its first byte did.
  stream_.expires_after(admission_ == Admission::open ? limits.request_timeout : limits.first_byte_timeout);
  RequestParser parser;
  limit_request_parser(parser, limits);

  beast::error_code ec;
  std::tie(ec, std::ignore) =
      co_await http::async_read_header(stream_, buffer_, parser, nothrow_awaitable);
  if (!ec && !parser.is_done()) {
    const auto& head = parser.get();
    if (head.version() >= 11 && beast::iequals(head[http::field::expect], "100-continue")) {
      http::response<http::empty_body> cont{http::status::continue_, head.version()};
      std::tie(ec, std::ignore) = co_await http::async_write(stream_, cont, nothrow_awaitable);
      if (ec) co_return false;
    }
    std::tie(ec, std::ignore) =
        co_await http::async_read(stream_, buffer_, parser, nothrow_awaitable);
  }
  if (ec) {
    Request partial;
    partial.remote_ip = remote_ip_;
    unsigned version = 11;
    if (parser.is_header_done()) {
      fill_request_head(partial, parser.get());
      if (auto target = parse_request_target(partial.target); target.error.empty()) {
        partial.path = std::move(target.path);
        partial.query = std::move(target.query);
      }
      version = parser.get().version();
    }
    if (ec == http::error::body_limit) {
      co_await write_error_and_close(413, "body_too_large",
                                     "the request body is larger than " +
                                         std::to_string(limits.body_limit) + " bytes",
                                     std::move(partial), version);
    } else if (ec == http::error::header_limit) {
      co_await write_error_and_close(431, "headers_too_large",
                                     "the request headers are larger than " +
                                         std::to_string(limits.header_limit) + " bytes",
                                     std::move(partial), version);
    } else if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message &&
               ec != http::error::short_read) {
      co_await write_error_and_close(400, "bad_request", "malformed HTTP request",
                                     std::move(partial), version);
    }
    // Otherwise (peer gone, timeout, stop): close silently.
    co_return false;
  }

  // 3. Build the Request.
  http::request<http::string_body> msg = parser.release();
  Request request;
  fill_request_head(request, msg);
  request.remote_ip = remote_ip_;
  const unsigned version = msg.version();
  const bool keep_alive = msg.keep_alive();
  const bool head = msg.method() == http::verb::head;

  auto target = parse_request_target(request.target);
  if (!target.error.empty()) {
    Response bad = error_response(400, target.error,
                                  target.error == "bad_path" ? "the request path is not valid"
                                                             : "the query string is not valid");
    const int status = bad.status;
    const auto wec = co_await write_response(std::move(bad), version,
                                             keep_alive && !srv_.stopping, head);
    srv_.observe(request, status, started_);
    if (wec) co_return false;
    if (!keep_alive || srv_.stopping) {
      co_await linger_close();
      co_return false;
    }
    co_return true;
  }
  request.path = std::move(target.path);
  request.query = std::move(target.query);

  if (auto refusal = over_cap_refusal(request)) {
    co_await refuse_and_close(std::move(*refusal), std::move(request), version);
    co_return false;
  }

  const bool ws_path = srv_.hooks.is_ws_path ? srv_.hooks.is_ws_path(request.path) : request.path == "/ws";
  if (ws_path && websocket::is_upgrade(msg)) {
    std::optional<Response> refusal;
    if (srv_.hooks.ws_admit) {
      try {
        refusal = srv_.hooks.ws_admit(request);
      } catch (const std::exception& e) {
        log_error(std::string("ws_admit hook threw: ") + e.what());
        refusal = error_response(500, "internal_error", "internal error");
      }
    }
    if (srv_.stopping) refusal = error_response(503, "shutting_down", "the server is stopping");
    if (refusal) {
      const int status = refusal->status;
      const auto wec = co_await write_response(std::move(*refusal), version, false, false);
      srv_.observe(request, status, started_);
      if (!wec) co_await linger_close();
      co_return false;
    }
    upgrade(std::move(msg), std::move(request));
    co_return false;
  }

  request.body = std::move(msg.body());

  // 4. Hand it to the application and wait for the Respond.
  state_ = State::handling;
  ++seq_;
  response_.reset();
  stream_.expires_never();
  {
    auto responder = std::make_shared<Responder>(srv_.gate, weak_from_this(), seq_);
    try {
      if (srv_.hooks.handle) {
        srv_.hooks.handle(request, [responder](Response res) { responder->complete(std::move(res)); });
      } else {
        responder->complete(error_response(404, "not_found", "no handler"));
      }
    } catch (const std::exception& e) {
      log_error(std::string("handler threw: ") + e.what());
      responder->complete(error_response(500, "internal_error", "internal error"));
    }
  }
  while (!response_ && !aborted_) {
    wake_.expires_at(Clock::time_point::max());
    co_await wake_.async_wait(nothrow_awaitable);
  }
  if (aborted_) co_return false;

  // 5. Write it.
  state_ = State::writing;
  const int status = response_->status;
  const bool keep = keep_alive && !srv_.stopping;
  Response res = std::move(*response_);
  response_.reset();
  if (res.stream && !head && status == 200) {
    co_await write_stream(std::move(res), version);
    srv_.observe(request, status, started_);
    co_return false;
  }
  const auto wec = co_await write_response(std::move(res), version, keep, head);
  srv_.observe(request, status, started_);
  if (wec) co_return false;
  if (!keep) {
    co_await linger_close();
    co_return false;
  }
  co_return true;
}

// Our framing, the handler's other headers (invalid ones dropped with a log line).
template <class Body>
void set_headers(http::response<Body>& res, const Response& r, bool with_content_type) {
  res.set(http::field::server, "votercast");
  if (with_content_type && !r.content_type.empty() && header_text_ok(r.content_type)) {
    res.set(http::field::content_type, r.content_type);
  }
  for (const auto& [name, value] : r.headers) {
    if (name.empty() || !header_text_ok(name) || !header_text_ok(value) ||
        name.find(':') != std::string::npos) {
      log_error("dropped an invalid response header");
      continue;
    }
    // Framing headers are ours to set.
    if (beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
        beast::iequals(name, "connection")) {
      continue;
    }
    if (beast::iequals(name, "content-type")) {
      res.set(http::field::content_type, value);
    } else if (beast::iequals(name, "server")) {
      res.set(http::field::server, value);
    } else {
      res.insert(name, value);
    }
  }
}

net::awaitable<void> HttpSession::write_stream(Response r, unsigned version) {
  http::response<http::empty_body> res;
  res.version(version);
  res.result(http::status::ok);
  set_headers(res, r, true);
  res.keep_alive(false);  // the end of the stream is the end of the connection
  http::response_serializer<http::empty_body> serializer(res);
  stream_.expires_after(srv_.limits.request_timeout);
  auto [ec, n] = co_await http::async_write_header(stream_, serializer, nothrow_awaitable);
  net::steady_timer pause(stream_.get_executor());
  while (!ec && !srv_.stopping && !r.stream->ended()) {
    auto part = r.stream->next_part();
    if (!part) {
      pause.expires_after(r.stream->poll_interval());
      co_await pause.async_wait(nothrow_awaitable);
      continue;
    }
    stream_.expires_after(srv_.limits.request_timeout);
    std::tie(ec, n) = co_await net::async_write(stream_, net::buffer(*part), nothrow_awaitable);
  }
  if (!ec) co_await linger_close();
}

net::awaitable<beast::error_code> HttpSession::write_response(Response r, unsigned version,
                                                              bool keep_alive, bool head) {
  int status = r.status;
  if (status < 200 || status > 999) {
    log_error("handler answered with invalid status " + std::to_string(status));
    r = error_response(500, "internal_error", "internal error");
    status = 500;
  }
  http::response<http::string_body> res;
  res.version(version);
  res.result(static_cast<unsigned>(status));
  const bool no_body = status == 204 || status == 304;
  set_headers(res, r, !no_body);
  if (!no_body) {
    res.content_length(r.body.size());
    if (!head) res.body() = std::move(r.body);
  }
  res.keep_alive(keep_alive);

  stream_.expires_after(srv_.limits.request_timeout);
  auto [ec, n] = co_await http::async_write(stream_, res, nothrow_awaitable);
  co_return ec;
}

net::awaitable<void> HttpSession::write_error_and_close(int status, std::string code,
                                                        std::string message, Request req,
                                                        unsigned version) {
  co_await refuse_and_close(error_response(status, code, message), std::move(req), version);
}

net::awaitable<void> HttpSession::refuse_and_close(Response refusal, Request req, unsigned version) {
  state_ = State::writing;
  const int status = refusal.status;
  const auto ec = co_await write_response(std::move(refusal), version, false, false);
  srv_.observe(req, status, started_);
  if (!ec) co_await linger_close();
}

std::optional<Response> HttpSession::over_cap_refusal(const Request& request) {
  switch (admission_) {
    case Admission::open:
      return std::nullopt;
    case Admission::reserve_only:
      if (srv_.hooks.may_use_reserve) {
        try {
          if (srv_.hooks.may_use_reserve(request)) {
            admission_ = Admission::open;
            return std::nullopt;
          }
        } catch (const std::exception& e) {
          log_error(std::string("may_use_reserve hook threw: ") + e.what());
        }
      }
      return with_retry_after(error_response(
          503, "server_busy", "Máy chủ đang quá tải, vui lòng thử lại sau / too many connections, try again later"));
    case Admission::address_full:
      return with_retry_after(error_response(
          429, "too_many_connections", "Quá nhiều kết nối từ địa chỉ này / too many connections from this address"));
  }
  return std::nullopt;
}

// Half-close, then read and discard what the client is still sending for a moment, so
// that closing does not reset the connection before the client has read our response.
net::awaitable<void> HttpSession::linger_close() {
  state_ = State::closing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  buffer_.consume(buffer_.size());
  stream_.expires_after(kLingerTime);
  std::array<char, 4096> scratch;
  std::size_t total = 0;
  while (total < kLingerBytes && !aborted_) {
    auto [rec, n] = co_await stream_.async_read_some(net::buffer(scratch), nothrow_awaitable);
    if (rec) break;
    total += n;
  }
}

void HttpSession::upgrade(http::request<http::string_body> req, Request request) {
  upgraded_ = true;
  // Bytes the client sent after its upgrade request (frames sent before seeing the
  // 101) are not carried over; clients do not do that.
  auto ws = std::make_shared<WsSession>(srv_, peer_, std::move(stream_));
  ws->start(std::move(req), std::move(request), started_);
}

// ---------------------------------------------------------------------------
// Listener and stop

unsigned short Server::listen(const std::string& address, unsigned short port) {
  if (listening) throw std::runtime_error("HttpServer::listen: already listening");
  beast::error_code ec;
  const std::string host = address == "localhost" ? std::string("127.0.0.1") : address;
  const auto addr = net::ip::make_address(host, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on '" + address +
                             "': not an IP address (" + ec.message() + ")");
  }
  const tcp::endpoint endpoint{addr, port};
  const std::string where = address + ":" + std::to_string(port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  }
  const unsigned short bound = acceptor.local_endpoint(ec).port();
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  }
  listening = true;
  net::co_spawn(ioc, accept_loop(), [](std::exception_ptr e) { log_exception("accept", e); });
  return bound;
}

net::awaitable<void> Server::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(nothrow_awaitable);
    if (stopping || !acceptor.is_open()) co_return;
    if (ec) {
      if (ec == net::error::operation_aborted) co_return;
      // Out of descriptors or similar: back off instead of spinning.
      log_error("accept: " + ec.message());
      net::steady_timer pause(ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(nothrow_awaitable);
      continue;
    }
    beast::error_code epec;
    const auto peer = socket.remote_endpoint(epec);
    if (epec) continue;  // already gone
    auto address = ip_string(peer.address());
    const auto admission = admission_of(address);
    if (!admission) {  // beyond even the reserve: not a descriptor more for it
      socket.close(epec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), epec);
    auto session = std::make_shared<HttpSession>(*this, std::move(socket), std::move(address), *admission);
    net::co_spawn(ioc, session->run(session),
                  [](std::exception_ptr e) { log_exception("session", e); });
  }
}

std::optional<Admission> Server::admission_of(const std::string& address) const {
  const std::size_t open_now = sessions.size();
  if (limits.max_connections > 0 && open_now >= limits.max_connections + limits.staff_reserve) return std::nullopt;
  if (limits.max_connections_per_address > 0 &&
      (limits.uncapped_addresses.empty() || !limits.uncapped_addresses.allows(address))) {
    const auto it = per_address.find(address);
    if (it != per_address.end() && it->second >= limits.max_connections_per_address) return Admission::address_full;
  }
  if (limits.max_connections > 0 && open_now >= limits.max_connections) return Admission::reserve_only;
  return Admission::open;
}

void Server::request_stop() {
  if (stop_requested.exchange(true)) return;
  net::post(ioc, [this] {
    net::co_spawn(ioc, drain(), [this](std::exception_ptr e) {
      log_exception("stop", e);
      ioc.stop();
    });
  });
}

net::awaitable<void> Server::drain() {
  stopping = true;
  work.reset();
  beast::error_code ignored;
  acceptor.close(ignored);
  for (SessionBase* s : snapshot()) s->shutdown(false);

  net::steady_timer tick(ioc);
  co_await wait_until_empty(tick, Clock::now() + kDrainTime);
  if (!sessions.empty()) {
    for (SessionBase* s : snapshot()) s->shutdown(true);
    co_await wait_until_empty(tick, Clock::now() + std::chrono::milliseconds(500));
  }
  ioc.stop();
}

net::awaitable<void> Server::wait_until_empty(net::steady_timer& tick,
                                              Clock::time_point deadline) {
  while (!sessions.empty() && Clock::now() < deadline) {
    tick.expires_after(std::chrono::milliseconds(10));
    co_await tick.async_wait(nothrow_awaitable);
  }
}

}  // namespace

// ---------------------------------------------------------------------------

struct HttpServer::Impl : Server {
  using Server::Server;
};

HttpServer::HttpServer(ServerLimits limits, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(limits, std::move(hooks))) {}

HttpServer::~HttpServer() = default;

unsigned short HttpServer::listen(const std::string& address, unsigned short port) {
  return impl_->listen(address, port);
}

void HttpServer::run() { impl_->ioc.run(); }

void HttpServer::stop() { impl_->request_stop(); }

void HttpServer::run_posted() {
  impl_->ioc.restart();
  impl_->ioc.poll();
}

void HttpServer::post(std::function<void()> fn) {
  net::post(impl_->ioc, [fn = std::move(fn)] {
    try {
      fn();
    } catch (const std::exception& e) {
      log_error(std::string("posted task threw: ") + e.what());
    }
  });
}

void HttpServer::every(std::chrono::milliseconds period, std::function<void()> fn) {
  auto repeat = [](Impl& impl, std::chrono::milliseconds period, std::function<void()> fn) -> net::awaitable<void> {
    net::steady_timer timer(impl.ioc);
    for (;;) {
      timer.expires_after(period);
      co_await timer.async_wait(net::use_awaitable);
      if (impl.stop_requested) co_return;
      try {
        fn();
      } catch (const std::exception& e) {
        log_error(std::string("periodic task threw: ") + e.what());
      }
    }
  };
  net::co_spawn(impl_->ioc, repeat(*impl_, period, std::move(fn)), net::detached);
}

std::size_t HttpServer::open_connections() const {
  return impl_->open.load(std::memory_order_relaxed);
}

}  // namespace votercast::web
