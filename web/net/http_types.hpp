#pragma once
// Plain request/response values: what the API handlers see instead of Beast types,
// so that handlers compile fast and never touch sockets.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace votercast::web {

struct Request {
  std::string method;                               // "GET", "POST", ...
  std::string target;                               // raw request target
  std::string path;                                 // percent-decoded path, no query
  std::map<std::string, std::string> query;         // percent-decoded ('+' is a space)
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_ip;
  std::map<std::string, std::string> path_params;   // filled by the router

  // First header with this (lower-case) name, or "".
  std::string_view header(std::string_view lower_name) const;
};

// A response without an end known in advance (multipart MJPEG): the transport
// sends the headers, then each part the source has, until it ends, the client
// goes or the server stops. Polled on the io thread, so it must not block.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // The next bytes to send, or nullopt when there is nothing new yet.
  virtual std::optional<std::string> next_part() = 0;
  virtual bool ended() const { return false; }
  // How long to wait before asking again after a nullopt.
  virtual std::chrono::milliseconds poll_interval() const { return std::chrono::milliseconds(20); }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::shared_ptr<ResponseStream> stream;  // when set, body is ignored and the connection closes after
};

// Completes a request exactly once, from any thread.
using Respond = std::function<void(Response)>;

// {"error":{"code":code,"message":message}} with the given status.
Response error_response(int status, std::string_view code, std::string_view message);

}  // namespace votercast::web
