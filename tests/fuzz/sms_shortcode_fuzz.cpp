// A Vietnamese short-code aggregator's MO (core/sms/vn_shortcode.hpp) and the MT answering it,
// whose form body must carry every field back exactly (the Request_ID is how it is billed).
// fuzz-links: votercast_core
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/sms/vn_shortcode.hpp"
#include "sms_fuzz_checks.hpp"

namespace {

using namespace votercast;

constexpr std::int64_t kNow = 1764240000123;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;  // the MT writes upper-case hex only
}

// The MT's form body read back, strictly: unreserved characters or %XX, '=' and '&' between.
std::vector<std::pair<std::string, std::string>> read_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> fields(1);
  bool in_value = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    std::string& out = in_value ? fields.back().second : fields.back().first;
    if (c == '&') {
      FUZZ_CHECK(in_value, "a field without '='");
      fields.emplace_back();
      in_value = false;
    } else if (c == '=') {
      FUZZ_CHECK(!in_value, "a second '=' in a field");
      in_value = true;
    } else if (c == '%') {
      FUZZ_CHECK(i + 2 < body.size() && hex_digit(body[i + 1]) >= 0 && hex_digit(body[i + 2]) >= 0,
                 "a bad escape in " + std::string(body));
      out += static_cast<char>(hex_digit(body[i + 1]) * 16 + hex_digit(body[i + 2]));
      i += 2;
    } else {
      const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                              c == '-' || c == '.' || c == '_' || c == '~';
      FUZZ_CHECK(unreserved, "an unescaped byte in " + std::string(body));
      out += c;
    }
  }
  return fields;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const core::sms::SmsParams params = fuzz::sms_params(data, size);
  fuzz::parse_or_refuse([&] { return core::sms::parse_vn_shortcode(params, kNow); },
                        [&](const core::sms::InboundSms& mo) {
                          fuzz::check_accepted_sms(mo, core::sms::gateway::shortcode);
                          FUZZ_CHECK(!mo.command_code.empty(), "the keyword it routed on");
                          FUZZ_CHECK(!mo.operator_name || !mo.operator_name->empty(), "an empty operator");
                          // The reply echoes what the aggregator sent; the voter's text stands in
                          // for any reply text.
                          const core::sms::ShortcodeMt mt = core::sms::shortcode_reply(mo, mo.text);
                          FUZZ_CHECK(mt.request_id == mo.message_id && mt.user_id == mo.from_raw, mt.request_id);
                          FUZZ_CHECK(read_form(mt.form_body()) == mt.fields(), "the MT does not read back: " + mt.form_body());
                        },
                        {"missing_from", "missing_to", "missing_command_code", "missing_text", "missing_request_id",
                         "invalid_from", "invalid_encoding", "too_long"});
  return 0;
}
