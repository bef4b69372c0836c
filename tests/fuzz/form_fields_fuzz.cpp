// Form bodies (web/net/request_body.hpp form_fields, Boost.URL): the voter page without
// JavaScript and the SMS gateways that post forms. Input: the body.
// fuzz-links: votercast_net
// fuzz-options: -max_len=4096
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "fuzz_check.hpp"
#include "web/net/request_body.hpp"

namespace {

std::string encoded(std::string_view text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace votercast;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  std::vector<std::pair<std::string, std::string>> fields;
  try {
    fields = web::form_fields(body);
  } catch (const web::BadRequest& refused) {
    FUZZ_CHECK(refused.status == 400 && refused.code == "bad_form_encoding", "an unexpected refusal: " + refused.code);
    FUZZ_CHECK(body.find('%') != std::string_view::npos, "refused without a '%' to blame");
    return 0;
  }
  std::string again;
  for (const auto& [name, value] : fields) {
    if (!again.empty()) again += '&';
    again += encoded(name) + "=" + encoded(value);
  }
  const auto reparsed = web::form_fields(again);
  FUZZ_CHECK(reparsed == fields, "the fields changed when encoded again: " + again);
  return 0;
}
