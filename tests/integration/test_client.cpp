#include "test_client.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <regex>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>

#ifndef VOTERCAST_BINARY
#error "VOTERCAST_BINARY (path of the server binary, a string literal) must be defined"
#endif

namespace votercast::test {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Runs the io_context until `done` or the context runs out of work.
void run_until(net::io_context& ioc, const bool& done) {
  ioc.restart();
  while (!done) {
    if (ioc.run_one() == 0) break;
  }
}

tcp::endpoint endpoint_for(const std::string& host, unsigned short port) {
  return {net::ip::make_address(host == "localhost" ? std::string("127.0.0.1") : host), port};
}

}  // namespace

// ---------------------------------------------------------------------------
// HttpResult

std::string HttpResult::header(std::string_view lower_name) const {
  const auto it = headers.find(std::string(lower_name));
  return it == headers.end() ? std::string() : it->second;
}

nlohmann::json HttpResult::json() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    ADD_FAILURE() << "response body is not JSON (status " << status << "): " << body
                  << (error.empty() ? "" : " [" + error + "]");
    return nullptr;
  }
  return j;
}

// ---------------------------------------------------------------------------
// HttpClient

struct HttpClient::Impl {
  Impl(unsigned short p, std::string h) : port(p), host(std::move(h)) {}

  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool connected = false;
  unsigned short port;
  std::string host;
  std::map<std::string, std::string> cookies;
  Headers defaults;
  std::chrono::milliseconds timeout{30000};
  int connections = 0;

  void close() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.socket().close(ignored);
    buffer.consume(buffer.size());
    connected = false;
  }

  beast::error_code connect() {
    close();
    beast::error_code result;
    bool done = false;
    stream.expires_after(timeout);
    stream.async_connect(endpoint_for(host, port), [&](beast::error_code ec) {
      result = ec;
      done = true;
    });
    run_until(ioc, done);
    if (!result) {
      connected = true;
      ++connections;
    }
    return result;
  }

  std::string cookie_header() const {
    std::string out;
    for (const auto& [name, value] : cookies) {
      if (!out.empty()) out += "; ";
      out += name + "=" + value;
    }
    return out;
  }

  void take_cookie(std::string_view set_cookie) {
    const auto semi = set_cookie.find(';');
    const std::string pair = trim(set_cookie.substr(0, semi));
    const auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) return;
    const std::string name = trim(std::string_view(pair).substr(0, eq));
    const std::string value = trim(std::string_view(pair).substr(eq + 1));
    bool expired = value.empty();
    if (semi != std::string_view::npos) {
      std::string_view attrs = set_cookie.substr(semi + 1);
      while (!attrs.empty()) {
        const auto next = attrs.find(';');
        const std::string attr = lower(trim(attrs.substr(0, next)));
        if (attr.rfind("max-age=", 0) == 0) {
          expired = expired || std::atoi(attr.c_str() + 8) <= 0;
        } else if (attr.rfind("expires=", 0) == 0) {
          expired = expired || attr.find("1970") != std::string::npos;
        }
        if (next == std::string_view::npos) break;
        attrs.remove_prefix(next + 1);
      }
    }
    if (expired) {
      cookies.erase(name);
    } else {
      cookies[name] = value;
    }
  }

  // One attempt on the current connection. `got_bytes` tells whether any part of a
  // response arrived (if not, a failure may be retried on a fresh connection).
  beast::error_code exchange(http::request<http::string_body>& req, bool head,
                             HttpResult& out, bool& got_bytes) {
    got_bytes = false;
    beast::error_code result;
    bool done = false;
    stream.expires_after(timeout);
    http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    run_until(ioc, done);
    // If the write failed, the server may still have answered before it closed (a 413
    // sent while we were still sending the body): read what is there.
    const beast::error_code write_ec = result;

    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    parser.header_limit(1024 * 1024);
    if (head) parser.skip(true);
    done = false;
    const auto before = buffer.size();
    stream.expires_after(timeout);
    http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    run_until(ioc, done);
    got_bytes = parser.got_some() || buffer.size() > before;
    stream.expires_never();
    if (result) return write_ec ? write_ec : result;

    auto res = parser.release();
    out.status = static_cast<int>(res.result_int());
    out.headers.clear();
    for (const auto& field : res) {
      out.headers.emplace(lower(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(res.body());
    for (const auto& field : res) {
      if (beast::iequals(field.name_string(), "set-cookie")) take_cookie(field.value());
    }
    if (!res.keep_alive()) close();
    return {};
  }
};

HttpClient::HttpClient(unsigned short port, std::string host)
    : impl_(std::make_unique<Impl>(port, std::move(host))) {}

HttpClient::~HttpClient() = default;

HttpResult HttpClient::request(const std::string& method, const std::string& target,
                               const std::string& body, const Headers& headers) {
  http::request<http::string_body> req;
  const auto verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) {
    req.method_string(method);
  } else {
    req.method(verb);
  }
  req.target(target);
  req.version(11);
  req.set(http::field::host, impl_->host + ":" + std::to_string(impl_->port));
  req.set(http::field::user_agent, "votercast-tests");
  for (const auto& [name, value] : impl_->defaults) req.set(name, value);
  const std::string cookies = impl_->cookie_header();
  if (!cookies.empty()) req.set(http::field::cookie, cookies);
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty() && req.find(http::field::content_type) == req.end()) {
    req.set(http::field::content_type, "application/json");
  }
  req.body() = body;
  req.prepare_payload();
  const bool head = verb == http::verb::head;

  HttpResult out;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = impl_->connected;
    if (!impl_->connected) {
      if (auto ec = impl_->connect()) {
        out.error = "connect: " + ec.message();
        return out;
      }
    }
    bool got_bytes = false;
    const auto ec = impl_->exchange(req, head, out, got_bytes);
    if (!ec) return out;
    impl_->close();
    out.error = ec.message();
    // The server closed an idle keep-alive connection: try once more on a new one.
    if (!(reused && !got_bytes)) break;
  }
  out.status = 0;
  return out;
}

HttpResult HttpClient::get(const std::string& target, const Headers& headers) {
  return request("GET", target, "", headers);
}

HttpResult HttpClient::post(const std::string& target, const nlohmann::json& body,
                            const Headers& headers) {
  return request("POST", target, body.dump(), headers);
}

std::string HttpClient::raw(const std::string& bytes, std::chrono::milliseconds timeout) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  bool done = false;
  beast::error_code ec;
  stream.expires_after(timeout);
  stream.async_connect(endpoint_for(impl_->host, impl_->port), [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  run_until(ioc, done);
  if (ec) return {};
  const auto deadline = Clock::now() + timeout;

  // Write and read at the same time: the server may answer (and close) before it has
  // read everything we send.
  std::string answer;
  std::array<char, 8192> chunk;
  bool write_done = false;
  bool read_done = false;
  stream.expires_at(deadline);
  net::async_write(stream, net::buffer(bytes), [&](beast::error_code, std::size_t) {
    write_done = true;
  });
  std::function<void()> read_more = [&] {
    stream.socket().async_read_some(net::buffer(chunk), [&](beast::error_code e, std::size_t n) {
      answer.append(chunk.data(), n);
      if (e) {
        read_done = true;
      } else {
        read_more();
      }
    });
  };
  read_more();
  // The socket read has no deadline of its own; a timer closes the socket.
  net::steady_timer timer(ioc, deadline);
  timer.async_wait([&](beast::error_code e) {
    if (!e) {
      beast::error_code ignored;
      stream.socket().close(ignored);
    }
  });
  ioc.restart();
  while (!read_done) {
    if (ioc.run_one() == 0) break;
  }
  timer.cancel();
  beast::error_code ignored;
  stream.socket().close(ignored);
  ioc.restart();
  ioc.poll();
  (void)write_done;
  return answer;
}

void HttpClient::set_default_header(const std::string& name, const std::string& value) {
  auto& d = impl_->defaults;
  d.erase(std::remove_if(d.begin(), d.end(),
                         [&](const auto& h) { return beast::iequals(h.first, name); }),
          d.end());
  if (!value.empty()) d.emplace_back(name, value);
}

const Headers& HttpClient::default_headers() const { return impl_->defaults; }

void HttpClient::set_cookie(const std::string& name, const std::string& value) {
  impl_->cookies[name] = value;
}

std::optional<std::string> HttpClient::cookie(const std::string& name) const {
  const auto it = impl_->cookies.find(name);
  if (it == impl_->cookies.end()) return std::nullopt;
  return it->second;
}

void HttpClient::clear_cookies() { impl_->cookies.clear(); }

std::string HttpClient::cookie_header() const { return impl_->cookie_header(); }

void HttpClient::set_timeout(std::chrono::milliseconds timeout) { impl_->timeout = timeout; }

void HttpClient::disconnect() { impl_->close(); }

int HttpClient::connections_opened() const { return impl_->connections; }

unsigned short HttpClient::port() const { return impl_->port; }

int raw_status(std::string_view answer) {
  // "HTTP/1.1 400 Bad Request"
  if (answer.rfind("HTTP/", 0) != 0) return 0;
  const auto sp = answer.find(' ');
  if (sp == std::string_view::npos || sp + 4 > answer.size()) return 0;
  int status = 0;
  for (std::size_t i = sp + 1; i < sp + 4; ++i) {
    if (answer[i] < '0' || answer[i] > '9') return 0;
    status = status * 10 + (answer[i] - '0');
  }
  return status;
}

std::string raw_body(std::string_view answer) {
  const auto blank = answer.find("\r\n\r\n");
  if (blank == std::string_view::npos) return {};
  return std::string(answer.substr(blank + 4));
}

// ---------------------------------------------------------------------------
// WsClient

struct WsClient::Impl {
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer rbuf;
  std::deque<std::string> inbox;
  bool connected = false;
  bool reading = false;
  bool is_closed = false;
  int status = 0;
  std::string refusal_body;
  std::string error;
  std::optional<int> close_code;

  void start_read() {
    if (reading || is_closed) return;
    reading = true;
    ws.async_read(rbuf, [this](beast::error_code ec, std::size_t) {
      reading = false;
      if (ec) {
        is_closed = true;
        if (ws.reason().code != websocket::close_code::none) {
          close_code = static_cast<int>(ws.reason().code);
        }
        if (ec != websocket::error::closed) error = ec.message();
        return;
      }
      inbox.push_back(beast::buffers_to_string(rbuf.data()));
      rbuf.consume(rbuf.size());
      start_read();
    });
  }

  // Runs handlers until `pred` holds or the deadline passes.
  template <class Pred>
  void pump(Pred pred, Clock::time_point deadline) {
    while (!pred() && Clock::now() < deadline) {
      ioc.restart();
      if (ioc.run_one_until(deadline) == 0 && ioc.stopped() && !reading) break;
    }
  }
};

WsClient::WsClient(unsigned short port, const std::string& target, const HttpClient* http,
                   const Headers& headers, std::string host)
    : impl_(std::make_unique<Impl>()) {
  auto& s = *impl_;
  bool done = false;
  beast::error_code ec;
  auto& tcp_layer = beast::get_lowest_layer(s.ws);
  tcp_layer.expires_after(std::chrono::seconds(10));
  tcp_layer.async_connect(endpoint_for(host, port), [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  run_until(s.ioc, done);
  if (ec) {
    s.error = "connect: " + ec.message();
    s.is_closed = true;
    return;
  }
  tcp_layer.expires_never();
  s.ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  s.ws.read_message_max(64 * 1024 * 1024);

  Headers all;
  if (http != nullptr) {
    all = http->default_headers();
    const std::string cookies = http->cookie_header();
    if (!cookies.empty()) all.emplace_back("Cookie", cookies);
  }
  all.insert(all.end(), headers.begin(), headers.end());
  s.ws.set_option(websocket::stream_base::decorator([all](websocket::request_type& req) {
    req.set(http::field::user_agent, "votercast-tests");
    for (const auto& [name, value] : all) req.set(name, value);
  }));

  websocket::response_type res;
  done = false;
  s.ws.async_handshake(res, host + ":" + std::to_string(port), target,
                       [&](beast::error_code e) {
                         ec = e;
                         done = true;
                       });
  run_until(s.ioc, done);
  s.status = static_cast<int>(res.result_int());
  if (ec) {
    s.refusal_body = res.body();
    s.error = "handshake: " + ec.message();
    s.is_closed = true;
    beast::error_code ignored;
    tcp_layer.socket().close(ignored);
    return;
  }
  s.connected = true;
}

WsClient::~WsClient() = default;

bool WsClient::connected() const { return impl_->connected; }
int WsClient::http_status() const { return impl_->status; }
const std::string& WsClient::refusal_body() const { return impl_->refusal_body; }
const std::string& WsClient::error() const { return impl_->error; }
std::optional<int> WsClient::close_code() const { return impl_->close_code; }

std::optional<std::string> WsClient::next_text(std::chrono::milliseconds timeout) {
  auto& s = *impl_;
  if (s.inbox.empty() && !s.is_closed) {
    s.start_read();
    s.pump([&] { return !s.inbox.empty() || s.is_closed; }, Clock::now() + timeout);
  }
  if (s.inbox.empty()) return std::nullopt;
  std::string text = std::move(s.inbox.front());
  s.inbox.pop_front();
  return text;
}

std::optional<nlohmann::json> WsClient::next(std::chrono::milliseconds timeout) {
  auto text = next_text(timeout);
  if (!text) return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) {
    ADD_FAILURE() << "WebSocket frame is not JSON: " << *text;
    return std::nullopt;
  }
  return j;
}

bool WsClient::send_text(const std::string& text) {
  auto& s = *impl_;
  if (!s.connected || s.is_closed) return false;
  bool done = false;
  beast::error_code ec;
  s.ws.text(true);
  s.ws.async_write(net::buffer(text), [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  s.pump([&] { return done; }, Clock::now() + std::chrono::seconds(10));
  return done && !ec;
}

void WsClient::close() {
  auto& s = *impl_;
  if (!s.connected || s.is_closed) {
    s.is_closed = true;
    return;
  }
  bool done = false;
  s.ws.async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
  s.pump([&] { return done; }, Clock::now() + std::chrono::seconds(5));
  s.is_closed = true;
  beast::error_code ignored;
  beast::get_lowest_layer(s.ws).socket().close(ignored);
  s.ioc.restart();
  s.ioc.poll();
}

void WsClient::drop() {
  auto& s = *impl_;
  beast::error_code ignored;
  beast::get_lowest_layer(s.ws).socket().close(ignored);
  s.is_closed = true;
  s.ioc.restart();
  s.ioc.poll();
}

bool WsClient::closed() {
  auto& s = *impl_;
  if (!s.is_closed) {
    s.start_read();
    s.ioc.restart();
    s.ioc.poll();
  }
  return s.is_closed;
}

// ---------------------------------------------------------------------------
// ServerProcess

namespace {
const std::string kListeningMarker = "listening on http://127.0.0.1:";
}

std::string server_binary() {
  const char* chosen = std::getenv("VOTERCAST_INTEGRATION_SERVER");
  return chosen && *chosen ? chosen : VOTERCAST_BINARY;
}

bool server_sanitized() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#else
  const char* flag = std::getenv("VOTERCAST_SERVER_SANITIZED");
  return flag && std::string_view(flag) == "1";
#endif
}

ServerProcess::ServerProcess(const std::string& db_path, std::vector<std::string> extra_args,
                             std::chrono::seconds startup_timeout) {
  std::string binary = server_binary();
  std::vector<std::string> args = {binary, "serve", "--port", "0", "--db", db_path};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) {
    const int err = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    if (devnull >= 0) ::close(devnull);
    throw std::system_error(err, std::generic_category(), "fork");
  }
  if (pid_ == 0) {
    // Child: only async-signal-safe calls until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test binary
    if (::getppid() != parent) ::_exit(127);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::execv(argv[0], argv.data());
    static const char msg[] = "ServerProcess: exec failed\n";
    [[maybe_unused]] auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::close(fds[1]);
  if (devnull >= 0) ::close(devnull);
  fd_ = fds[0];
  reader_ = std::thread([this] { reader_loop(); });

  std::unique_lock<std::mutex> lock(mu_);
  const bool started = cv_.wait_for(lock, startup_timeout, [&] { return seen_port_ != 0 || eof_; });
  if (started && seen_port_ != 0) {
    port_ = seen_port_;
    return;
  }
  const std::string printed = output_;
  const bool exited = eof_;
  lock.unlock();
  kill9();
  std::string why = exited ? "the server exited before it was listening"
                           : "the server did not print \"" + kListeningMarker + "<port>\" within " +
                                 std::to_string(startup_timeout.count()) + " s";
  if (exit_code_) why += " (exit code " + std::to_string(*exit_code_) + ")";
  ADD_FAILURE() << why << "\ncommand: " << binary << " serve --port 0 --db " << db_path
                << "\nit printed:\n"
                << printed;
  throw std::runtime_error("ServerProcess: " + why);
}

ServerProcess::~ServerProcess() {
  try {
    stop();
  } catch (...) {
  }
}

void ServerProcess::reader_loop() {
  static const std::regex password_re(R"(password: (\S+))");
  std::array<char, 4096> buf;
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, 100);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_reader_) break;
      continue;
    }
    const ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::lock_guard<std::mutex> lock(mu_);
    output_.append(buf.data(), static_cast<std::size_t>(n));
    if (std::getenv("VOTERCAST_TEST_ECHO") != nullptr) {
      std::fwrite(buf.data(), 1, static_cast<std::size_t>(n), stderr);
    }
    partial_line_.append(buf.data(), static_cast<std::size_t>(n));
    std::size_t nl;
    while ((nl = partial_line_.find('\n')) != std::string::npos) {
      const std::string line = partial_line_.substr(0, nl);
      partial_line_.erase(0, nl + 1);
      if (seen_port_ != 0) continue;
      std::smatch m;
      if (password_.empty() && std::regex_search(line, m, password_re)) password_ = m[1];
      const auto at = line.find(kListeningMarker);
      if (at != std::string::npos) {
        const auto digits = line.substr(at + kListeningMarker.size());
        const long port = std::strtol(digits.c_str(), nullptr, 10);
        if (port > 0 && port < 65536) seen_port_ = static_cast<unsigned short>(port);
      }
    }
    cv_.notify_all();
  }
  std::lock_guard<std::mutex> lock(mu_);
  eof_ = true;
  cv_.notify_all();
}

std::string ServerProcess::admin_password() const {
  std::lock_guard<std::mutex> lock(mu_);
  return password_;
}

std::string ServerProcess::output() const {
  std::lock_guard<std::mutex> lock(mu_);
  return output_;
}

bool ServerProcess::wait_for_output(const std::string& needle, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout,
                      [&] { return output_.find(needle) != std::string::npos || eof_; }) &&
         output_.find(needle) != std::string::npos;
}

bool ServerProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    reap(status);
    join_reader();
    return false;
  }
  return r == 0;
}

void ServerProcess::reap(int status) {
  if (WIFEXITED(status)) {
    exit_code_ = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    exit_code_ = 128 + WTERMSIG(status);
  } else {
    exit_code_ = -1;
  }
  pid_ = -1;
}

void ServerProcess::join_reader() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_reader_ = true;
  }
  if (reader_.joinable()) reader_.join();
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

int ServerProcess::stop(std::chrono::seconds grace) {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + grace;
    int status = 0;
    for (;;) {
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_ || (r < 0 && errno != EINTR)) break;
      if (Clock::now() >= deadline) {
        ::kill(pid_, SIGKILL);
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reap(status);
  }
  join_reader();
  return exit_code_.value_or(-1);
}

void ServerProcess::kill9() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reap(status);
  }
  join_reader();
}

// ---------------------------------------------------------------------------
// TempDir

TempDir::TempDir() {
  std::string tmpl = "/tmp/votercast-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp");
  }
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::file(const std::string& name) const { return (path_ / name).string(); }

}  // namespace votercast::test
