// One connection's bytes as the server reads them (web/net/request_reader.hpp): Beast's
// request parser with the server's limits, fed the bytes in pieces as a socket hands them
// over, request after request while the connection is kept alive; then each body given to
// read_object (web/net/request_body.hpp), the JSON and form reader of every API route.
// Malformed request lines, chunked-encoding abuse, truncated bodies and deep JSON all come
// this way. Input: byte 0 chooses the pieces (0: all at once), the rest is the stream.
// fuzz-links: votercast_net
// fuzz-options: -max_len=73728
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "fuzz_check.hpp"
#include "web/net/request_body.hpp"
#include "web/net/request_reader.hpp"

namespace {

using namespace votercast::web;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr int kMaxRequests = 16;  // per connection: enough for pipelining, bounded per input
const ServerLimits kLimits{};     // what App::limits() leaves them at: 64 KiB body, 8 KiB headers

// The stream in pieces whose sizes follow from `pattern` (a small LCG), as reads return them.
class Pieces {
 public:
  Pieces(std::string_view stream, std::uint8_t pattern) : rest_(stream), pattern_(pattern), state_(pattern) {}
  // Appends the next piece to `buffer`; false at the end of the stream (the peer closed).
  bool read(beast::flat_buffer& buffer) {
    if (rest_.empty()) return false;
    std::size_t n = rest_.size();
    if (pattern_ != 0) {
      state_ = state_ * 1103515245u + 12345u;
      n = std::min<std::size_t>(n, 1 + (state_ >> 16) % (pattern_ * 4u));
    }
    auto space = buffer.prepare(n);
    std::memcpy(space.data(), rest_.data(), n);
    buffer.commit(n);
    rest_.remove_prefix(n);
    return true;
  }

 private:
  std::string_view rest_;
  std::uint32_t pattern_;
  std::uint32_t state_;
};

bool has_line_break(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) != s.npos; }

// Depth of nested arrays and objects, without recursion (deep input must not overflow us).
std::size_t depth_of(const nlohmann::json& root) {
  std::size_t deepest = 0;
  std::vector<std::pair<const nlohmann::json*, std::size_t>> todo{{&root, 1}};
  while (!todo.empty()) {
    const auto [j, depth] = todo.back();
    todo.pop_back();
    if (!j->is_structured()) continue;
    deepest = std::max(deepest, depth);
    for (const auto& child : *j) todo.emplace_back(&child, depth + 1);
  }
  return deepest;
}

// What an API route does with the request: read_object, then typed fields.
void read_body(const Request& request) {
  nlohmann::json body;
  try {
    body = read_object(request);
  } catch (const BadRequest& e) {
    const bool documented = (e.status == 415 && e.code == "unsupported_media_type") ||
                            (e.status == 400 && (e.code == "bad_form_encoding" || e.code == "empty_body" ||
                                                 e.code == "malformed_json" || e.code == "expected_object" ||
                                                 e.code == "too_deep"));
    FUZZ_CHECK(documented, std::to_string(e.status) + " " + e.code);
    return;
  }
  FUZZ_CHECK(body.is_object(), "read_object gave a non-object");
  for (const char* field : {"text", "id", "version", "paused", "name", "options"}) {
    try {
      (void)optional_string(body, field);
    } catch (const BadRequest& e) {
      FUZZ_CHECK(e.code == "wrong_type", e.code);
    }
    try {
      (void)optional_int(body, field);
    } catch (const BadRequest& e) {
      FUZZ_CHECK(e.code == "wrong_type", e.code);
    }
    try {
      (void)optional_bool(body, field);
    } catch (const BadRequest& e) {
      FUZZ_CHECK(e.code == "wrong_type", e.code);
    }
  }
  FUZZ_CHECK(depth_of(body) <= kMaxJsonDepth, "a body nested past the limit reached a route");
}

// Each request of the connection as "method target headers body", then how it ended
// ("closed" between requests, or "error").
std::vector<std::string> read_connection(std::string_view stream, std::uint8_t pattern, bool handle) {
  std::vector<std::string> outcomes;
  Pieces pieces(stream, pattern);
  beast::flat_buffer buffer;
  for (int n = 0; n < kMaxRequests; ++n) {
    if (buffer.size() == 0 && !pieces.read(buffer)) {
      outcomes.push_back("closed");
      return outcomes;
    }
    RequestParser parser;
    limit_request_parser(parser, kLimits);
    beast::error_code ec;
    // As async_read_header then async_read: the head alone, then the body eagerly.
    while (!parser.is_done()) {
      if (parser.is_header_done()) parser.eager(true);
      const std::size_t used = buffer.size() == 0 ? 0 : parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec && ec != http::error::need_more) break;
      if (ec || used == 0) {
        ec = {};
        if (!pieces.read(buffer)) {
          if (parser.got_some()) parser.put_eof(ec);
          else ec = http::error::end_of_stream;
          if (ec || !parser.is_done()) break;
        }
      }
    }
    if (ec || !parser.is_done()) {
      // Which error may depend on the pieces: Beast checks a request line as soon as it has
      // one, but once it has had to wait it waits for the whole head (or the limit).
      outcomes.push_back("error");
      return outcomes;
    }
    RequestMessage message = parser.release();
    Request request;
    fill_request_head(request, message);
    request.body = std::move(message.body());

    FUZZ_CHECK(!request.method.empty() && !request.target.empty(), "a request without a method or a target");
    FUZZ_CHECK(request.target.find(' ') == std::string::npos && !has_line_break(request.target), request.target);
    FUZZ_CHECK(request.body.size() <= kLimits.body_limit, "a body past the limit: " + std::to_string(request.body.size()));
    std::string outcome = request.method + " " + request.target;
    for (const auto& [name, value] : request.headers) {
      FUZZ_CHECK(!name.empty() && name.find_first_of(" :") == std::string::npos && !has_line_break(name), name);
      for (char c : name) FUZZ_CHECK(c < 'A' || c > 'Z', "a header name not lower-cased: " + name);
      FUZZ_CHECK(!has_line_break(value), "a line break inside a header value: " + name);
      outcome += "\n" + name + ": " + value;
    }
    outcomes.push_back(outcome + "\n\n" + request.body);
    if (handle) read_body(request);
    if (!message.keep_alive()) return outcomes;
  }
  return outcomes;
}

std::string joined(const std::vector<std::string>& outcomes) {
  std::string out;
  for (const std::string& o : outcomes) out += (out.empty() ? "" : " | ") + o.substr(0, 200);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto in_pieces = read_connection(stream, data[0], /*handle=*/true);
  // However the bytes arrive, the server reads the same requests, and refuses the same one.
  if (data[0] != 0) {
    const auto at_once = read_connection(stream, 0, /*handle=*/false);
    FUZZ_CHECK(in_pieces == at_once, "the requests depend on how the bytes arrived: [" + joined(in_pieces) +
                                         "] in pieces, [" + joined(at_once) + "] at once");
  }
  return 0;
}
