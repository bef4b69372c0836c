#pragma once
// The request target of an HTTP request, split and decoded by Boost.URL: the path for
// routing and the query parameters.
#include <map>
#include <string>
#include <string_view>

namespace votercast::web {

struct RequestTarget {
  std::string path;                           // percent-decoded
  std::map<std::string, std::string> query;   // percent-decoded, '+' is a space; the first key wins
  std::string error;                          // empty, "bad_path" or "bad_query"
};

// origin-form ("/a/b?x=1"), absolute-form ("http://host/a?x=1", only path and query kept)
// or "*". An encoded '/' or NUL in the path is refused: routing must see the
// segments the client sent, and the filesystem never sees a NUL.
RequestTarget parse_request_target(std::string_view target);

// Bytes RFC 3986 does not allow raw in a path or query (non-ASCII, spaces, '|', '"'...)
// are percent-encoded first, as clients that send them mean them; '%' is left as is,
// so malformed percent-encoding is still an error.
std::string encode_stray_bytes(std::string_view text);

}  // namespace votercast::web
