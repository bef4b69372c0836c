// The Cookie header (web/net/cookies.hpp), which carries staff sessions (vc_session) and the
// voter page's device (vc_device). Input: the header, maybe a second Cookie line, maybe a
// cookie name to look up besides those two.
// fuzz-links: votercast_net
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "fuzz_fields.hpp"
#include "web/net/cookies.hpp"

namespace {

using namespace votercast;

// The value is what follows "name=" in one of the header's ';'-separated pairs, whole.
void check_cookie(const web::Request& request, std::string_view header, const std::string& name) {
  const auto value = web::cookie_value(request, name);
  if (!value) return;
  FUZZ_CHECK(value->find(';') == std::string::npos, "a value runs into the next cookie: " + *value);
  const std::string pair = name + "=" + *value;
  const auto at = header.find(pair);
  FUZZ_CHECK(at != std::string_view::npos, "not in the header: " + pair);
  bool found = false;
  for (auto pos = at; pos != std::string_view::npos && !found; pos = header.find(pair, pos + 1)) {
    const auto before = header.substr(0, pos).find_last_not_of(' ');
    const bool starts = before == std::string_view::npos || header[before] == ';';
    const bool ends = pos + pair.size() == header.size() || header[pos + pair.size()] == ';';
    found = starts && ends;
  }
  FUZZ_CHECK(found, "not a whole pair of the header: " + pair);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto fields = fuzz::split_fields(data, size);
  web::Request request;
  request.headers.emplace_back("host", "votercast.example");
  request.headers.emplace_back("cookie", fields[0]);
  if (fields.size() > 1) request.headers.emplace_back("cookie", fields[1]);  // only the first counts
  for (const char* name : {"vc_session", "vc_device"}) check_cookie(request, fields[0], name);
  if (fields.size() > 2) check_cookie(request, fields[0], fields[2]);
  return 0;
}
