#pragma once
// Plain request/response values: what the API handlers see instead of Beast types,
// so that handlers compile fast and never touch sockets.
#include <functional>
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

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Completes a request exactly once, from any thread.
using Respond = std::function<void(Response)>;

// {"error":{"code":code,"message":message}} with the given status.
Response error_response(int status, std::string_view code, std::string_view message);

}  // namespace votercast::web
