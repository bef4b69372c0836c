#pragma once
// An outbound HTTP/1.1 exchange with a gateway's send API, synchronous: call it from a worker
// thread, never the io thread. http:// and https:// (the peer verified against the system's
// CA store, with SNI); one total timeout for resolve, connect, handshake, write and read;
// redirects are not followed (a 3xx is the answer); the answer's body is capped.
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace votercast::web {

struct HttpFetchRequest {
  std::string method;  // "GET", "POST", …
  std::string url;     // http:// or https://, query included
  std::vector<std::pair<std::string, std::string>> headers;  // besides Host, User-Agent, Content-Length
  std::string body;
};

struct HttpFetchOptions {
  std::chrono::milliseconds timeout{5000};
  std::size_t max_body = 64 * 1024;
};

struct HttpFetchResult {
  int status = 0;     // 0: no HTTP answer; `error` says why
  std::string body;
  std::string error;  // transport failure: "connection refused", "timed out after 5000 ms", …
};

HttpFetchResult http_fetch(const HttpFetchRequest& request, const HttpFetchOptions& options = {});

}  // namespace votercast::web
