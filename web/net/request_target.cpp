#include "web/net/request_target.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_path.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/pchars.hpp>

namespace votercast::web {
namespace {

namespace urls = boost::urls;

// What a query may hold raw (RFC 3986 §3.4), plus '%' so existing escapes stay.
constexpr auto kept_raw = urls::pchars + '/' + '?' + '%';

std::string_view without_scheme_and_authority(std::string_view target) {
  if (target.empty() || target.front() == '/' || target == "*") return target;
  const auto absolute = urls::parse_absolute_uri(target);
  if (!absolute) return target;  // not absolute-form either: the path check refuses it
  const auto scheme = absolute->scheme_id();
  if (scheme != urls::scheme::http && scheme != urls::scheme::https) return target;
  const auto path_at = target.find('/', target.find("//") + 2);
  if (path_at == std::string_view::npos) return "/";
  return target.substr(path_at);
}

bool decode_path(std::string_view raw, std::string& out) {
  if (raw == "*") {
    out = "*";
    return true;
  }
  if (raw.empty() || raw.front() != '/') return false;
  const std::string encoded = encode_stray_bytes(raw);
  const auto segments = urls::parse_path(encoded);
  if (!segments) return false;
  out.clear();
  for (const auto segment : *segments) {
    const std::string decoded = segment.decode();
    if (decoded.find_first_of(std::string_view("/\0", 2)) != std::string::npos) return false;
    out += '/';
    out += decoded;
  }
  if (out.empty()) out = "/";
  return true;
}

bool decode_query(std::string_view raw, std::map<std::string, std::string>& out) {
  if (raw.empty()) return true;
  const std::string encoded = encode_stray_bytes(raw);
  const auto params = urls::parse_query(encoded);
  if (!params) return false;
  urls::encoding_opts plus_is_space;
  plus_is_space.space_as_plus = true;
  for (const auto param : *params) {
    if (param.key.empty() && !param.has_value) continue;  // "a=1&&b=2"
    out.try_emplace(param.key.decode(plus_is_space), param.has_value ? param.value.decode(plus_is_space) : "");
  }
  return true;
}

}  // namespace

std::string encode_stray_bytes(std::string_view text) {
  return urls::encode(text, kept_raw);
}

RequestTarget parse_request_target(std::string_view target) {
  RequestTarget out;
  target = without_scheme_and_authority(target);
  const auto qmark = target.find('?');
  const std::string_view raw_path = target.substr(0, qmark);
  const std::string_view raw_query = qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1);
  if (!decode_path(raw_path, out.path)) {
    out.error = "bad_path";
  } else if (!decode_query(raw_query, out.query)) {
    out.error = "bad_query";
  }
  return out;
}

}  // namespace votercast::web
