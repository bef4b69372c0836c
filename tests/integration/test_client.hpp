#pragma once
// Client side helpers for the integration tests: a synchronous keep-alive HTTP
// client with a cookie jar, a WebSocket client, the server as a child process, and a
// temporary directory. Beast stays out of this header (pimpl) to keep tests quick
// to compile.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <sys/types.h>

#include <nlohmann/json.hpp>

namespace votercast::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
  int status = 0;  // 0: no HTTP answer (connection failed); `error` says why
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string error;  // transport error, if any

  // First header with this (lower-case) name, or "".
  std::string header(std::string_view lower_name) const;
  // The body parsed as JSON; adds a test failure (and returns null) if it is not JSON.
  nlohmann::json json() const;
};

// One keep-alive connection to host:port, opened on demand and reopened when the
// server has closed it. Not thread-safe: one client per thread.
class HttpClient {
 public:
  explicit HttpClient(unsigned short port, std::string host = "127.0.0.1");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the response. Adds Host, the default headers, the
  // cookie jar's Cookie header, then `headers` (which replace defaults of the same
  // name). A non-empty body without a Content-Type header is sent as application/json.
  // Set-Cookie in the response updates the jar.
  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = "", const Headers& headers = {});
  HttpResult get(const std::string& target, const Headers& headers = {});
  HttpResult post(const std::string& target, const nlohmann::json& body,
                  const Headers& headers = {});

  // Opens a fresh connection, writes `bytes` as they are, and returns everything the
  // server sent back (status line, headers, body) until it closed the connection or
  // `timeout` passed.
  std::string raw(const std::string& bytes,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Sent with every request (e.g. Origin). An empty value removes the header.
  void set_default_header(const std::string& name, const std::string& value);
  const Headers& default_headers() const;

  void set_cookie(const std::string& name, const std::string& value);
  std::optional<std::string> cookie(const std::string& name) const;
  void clear_cookies();
  // "name=value; name2=value2", as sent in a Cookie header ("" when the jar is empty).
  std::string cookie_header() const;

  // Per-request timeout (connect, write and read); default 30 s.
  void set_timeout(std::chrono::milliseconds timeout);
  // Closes the keep-alive connection (the next request opens a new one).
  void disconnect();
  // How many TCP connections this client has opened (keep-alive shows as 1).
  int connections_opened() const;

  unsigned short port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses the status code from the first line of a raw answer ("HTTP/1.1 400 ..."), or 0.
int raw_status(std::string_view raw_answer);
// The body of a raw answer (what follows the first blank line), or "".
std::string raw_body(std::string_view raw_answer);

// A WebSocket client for ws://host:port/target. Not thread-safe.
class WsClient {
 public:
  // Connects and performs the upgrade. With `http`, its cookie jar becomes the Cookie
  // header and its default headers (e.g. Origin) are sent too; `headers` are added last.
  WsClient(unsigned short port, const std::string& target = "/ws",
           const HttpClient* http = nullptr, const Headers& headers = {},
           std::string host = "127.0.0.1");
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // True when the upgrade succeeded.
  bool connected() const;
  // 101 when upgraded; the HTTP status of a refusal (e.g. 401); 0 if no HTTP answer.
  int http_status() const;
  // Body of a refused upgrade (the server's JSON error), and the connect error if any.
  const std::string& refusal_body() const;
  const std::string& error() const;

  // The next text frame parsed as JSON; nullopt on timeout or when the connection is
  // closed. A frame that is not JSON adds a test failure and yields nullopt.
  std::optional<nlohmann::json> next(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // The next frame as text; nullopt on timeout or close.
  std::optional<std::string> next_text(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  bool send_text(const std::string& text);
  // Graceful close handshake (waits up to 5 s).
  void close();
  // Drops the TCP connection without a close frame.
  void drop();
  // True once the server closed the connection (or it failed, or close()/drop() ran).
  // Polls the socket without blocking; frames read meanwhile stay queued for next().
  bool closed();
  // The close code the server sent, if it sent one.
  std::optional<int> close_code() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The server under test: VOTERCAST_INTEGRATION_SERVER when set (the sanitizer build runs
// this client, built once in the normal build, against its own server), else the
// binary built beside the tests (VOTERCAST_BINARY).
std::string server_binary();
// Whether that server runs under AddressSanitizer (VOTERCAST_SERVER_SANITIZED=1, or this
// client itself built with it): its RSS then holds ASan's quarantine and says little.
bool server_sanitized();

// The votercast binary (server_binary()) as a child process:
//   votercast serve --port 0 --db <db_path> <extra_args...>
// Waits until it prints "listening on http://127.0.0.1:<port>", remembering the
// first-start admin password if a "password: <pw>" line came before. stdout and
// stderr both go to one pipe that a thread keeps draining (set VOTERCAST_TEST_ECHO=1
// to copy it to the test's stderr). The child gets SIGKILL if the thread that started
// it exits (PR_SET_PDEATHSIG), so start servers from the test's own thread.
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& db_path, std::vector<std::string> extra_args = {},
                         std::chrono::seconds startup_timeout = std::chrono::seconds(20));
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  // "" if the server did not print a first-start password.
  std::string admin_password() const;
  pid_t pid() const { return pid_; }
  bool running();

  // SIGTERM, wait up to 10 s, then SIGKILL. Returns the exit code (128+signal if it
  // was killed by a signal); repeated calls return the same value.
  int stop(std::chrono::seconds grace = std::chrono::seconds(10));
  // SIGKILL and reap: a crash, as far as the database can tell.
  void kill9();
  std::optional<int> exit_code() const { return exit_code_; }

  // Everything the process printed so far (stdout and stderr interleaved).
  std::string output() const;
  // Waits until the output contains `needle`.
  bool wait_for_output(const std::string& needle,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  void reader_loop();
  void reap(int wait_status);
  void join_reader();

  pid_t pid_ = -1;
  int fd_ = -1;
  unsigned short port_ = 0;
  std::optional<int> exit_code_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string output_;
  std::string partial_line_;
  std::string password_;
  unsigned short seen_port_ = 0;
  bool eof_ = false;
  bool stop_reader_ = false;
  std::thread reader_;
};

// A unique directory under /tmp, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // path()/name as a string.
  std::string file(const std::string& name) const;

 private:
  std::filesystem::path path_;
};

}  // namespace votercast::test
