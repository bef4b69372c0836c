// The request target (web/net/request_target.hpp), decoded by Boost.URL: what every request
// to the server is routed by. Input: the target as the request line carries it.
// fuzz-links: votercast_net
// fuzz-options: -max_len=4096
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "fuzz_check.hpp"
#include "web/net/request_target.hpp"

namespace {

using namespace votercast;

std::string encoded(std::string_view text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

// The decoded target, encoded again the plainest way, must decode to the same.
std::string target_again(const web::RequestTarget& t) {
  std::string out;
  if (t.path == "*") {
    out = "*";
  } else {
    std::size_t from = 1;
    for (auto slash = t.path.find('/', from);; slash = t.path.find('/', from)) {
      out += '/';
      out += encoded(std::string_view(t.path).substr(from, slash == std::string::npos ? std::string::npos : slash - from));
      if (slash == std::string::npos) break;
      from = slash + 1;
    }
  }
  std::string query;
  for (const auto& [key, value] : t.query) {
    if (!query.empty()) query += '&';
    query += encoded(key) + "=" + encoded(value);
  }
  if (!query.empty()) out += "?" + query;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const auto t = web::parse_request_target(raw);
  FUZZ_CHECK(t.error.empty() || t.error == "bad_path" || t.error == "bad_query", "an unknown error code: " + t.error);
  if (!t.error.empty()) return 0;
  FUZZ_CHECK(t.path == "*" || t.path.starts_with('/'), "a path that does not begin with '/': " + t.path);
  FUZZ_CHECK(t.path.find('\0') == std::string::npos, "a NUL in the path");
  FUZZ_CHECK(t.path.size() <= raw.size(), "decoding made the path longer");
  // An encoded '/' is refused, so every '/' of the path was one in the target.
  std::size_t slashes_in_target = 0;
  for (const char c : raw.substr(0, raw.find('?'))) slashes_in_target += c == '/';
  std::size_t slashes_in_path = 0;
  for (const char c : t.path) slashes_in_path += c == '/';
  FUZZ_CHECK(slashes_in_path <= slashes_in_target, "a '/' the client encoded reached the router: " + t.path);

  const auto again = web::parse_request_target(target_again(t));
  FUZZ_CHECK(again.error.empty(), "the target encoded again is refused: " + again.error);
  FUZZ_CHECK(again.path == t.path, "the path changed when encoded again: " + t.path + " / " + again.path);
  FUZZ_CHECK(again.query == t.query, "the query changed when encoded again");
  return 0;
}
