#include "web/net/request_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>

namespace votercast::web {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

void limit_request_parser(RequestParser& parser, const ServerLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(limits.header_limit, std::numeric_limits<std::uint32_t>::max())));
  parser.body_limit(static_cast<std::uint64_t>(limits.body_limit));
}

void fill_request_head(Request& r, const RequestMessage& msg) {
  r.method = std::string(msg.method_string());
  r.target = std::string(msg.target());
  r.headers.clear();
  r.headers.reserve(16);
  for (const auto& field : msg) {
    r.headers.emplace_back(lower_ascii(field.name_string()), std::string(field.value()));
  }
}

}  // namespace votercast::web
