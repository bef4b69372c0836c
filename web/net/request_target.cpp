#include "web/net/request_target.hpp"

#include <algorithm>
#include <cctype>

#include <boost/url/encode.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/pchars.hpp>

namespace votercast::web {
namespace {

namespace urls = boost::urls;

// What a query may hold raw (RFC 3986 §3.4).
constexpr auto kept_raw = urls::pchars + '/' + '?';

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

// absolute-form: only the path and query are ours. Not parse_absolute_uri(): Boost 1.81
// asserts on some bytes after a scheme ("Hfrom:\xF8", found by the fuzzer).
std::string_view without_scheme_and_authority(std::string_view target) {
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (!starts_with_ignoring_case(target, scheme)) continue;
    const auto authority_end = target.find_first_of("/?#", scheme.size());
    if (authority_end == std::string_view::npos) return "/";
    return target.substr(authority_end);  // "?x=1": an empty path, which is "/"
  }
  return target;  // origin-form, "*", or something the path check refuses
}

bool decode_path(std::string_view raw, std::string& out) {
  if (raw == "*") {
    out = "*";
    return true;
  }
  if (raw.empty() || raw.front() != '/') return false;
  const std::string encoded = encode_stray_bytes(raw);
  // Decoded whole, not segment by segment: Boost.URL's segment view hides a leading "."
  // segment ("/././x" came out as "/./x"), and routing must see the path as sent.
  const auto path = urls::make_pct_string_view(encoded);
  if (!path) return false;
  out = path->decode();
  const auto slashes = [](std::string_view text) { return std::count(text.begin(), text.end(), '/'); };
  if (slashes(out) != slashes(encoded) || out.find('\0') != std::string::npos) return false;  // %2F, %00
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

// '%' itself stays raw. Boost.URL's encode() may not be told to keep it (it asserts so),
// so the pieces between the '%'s are encoded one by one.
std::string encode_stray_bytes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (;;) {
    const auto percent = text.find('%');
    out += urls::encode(text.substr(0, percent), kept_raw);
    if (percent == std::string_view::npos) return out;
    out += '%';
    text.remove_prefix(percent + 1);
  }
}

RequestTarget parse_request_target(std::string_view target) {
  RequestTarget out;
  const auto after_authority = without_scheme_and_authority(target);
  const bool absolute_form = after_authority.data() != target.data();
  target = after_authority;
  const auto qmark = target.find('?');
  std::string_view raw_path = target.substr(0, qmark);
  if (absolute_form && raw_path.empty()) raw_path = "/";  // "http://host?x=1"
  const std::string_view raw_query = qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1);
  if (!decode_path(raw_path, out.path)) {
    out.error = "bad_path";
  } else if (!decode_query(raw_query, out.query)) {
    out.error = "bad_query";
  }
  return out;
}

}  // namespace votercast::web
