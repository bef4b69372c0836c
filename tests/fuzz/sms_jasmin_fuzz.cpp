// Jasmin's MO delivery (core/sms/jasmin.hpp): id, from, to, content or its hex in binary,
// coding as SMPP's data_coding.
// fuzz-links: votercast_core
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/sms/jasmin.hpp"
#include "sms_fuzz_checks.hpp"
#include "../sms_test_support.hpp"

namespace {

using namespace votercast;

std::string hex(std::string_view bytes) { return test::sms::hex(std::string(bytes)); }

constexpr std::int64_t kNow = 1764240000123;

// The text, or the refusal's code.
std::string outcome(const core::sms::SmsParams& params) {
  try {
    return "text:" + core::sms::parse_jasmin(params, kNow).text;
  } catch (const core::DomainError& e) {
    return "refused:" + e.code;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const core::sms::SmsParams params = fuzz::sms_params(data, size);
  fuzz::parse_or_refuse([&] { return core::sms::parse_jasmin(params, kNow); },
                        [&](const core::sms::InboundSms& sms) {
                          fuzz::check_accepted_sms(sms, core::sms::gateway::jasmin);
                          FUZZ_CHECK(sms.received_at_ms == kNow, std::to_string(sms.received_at_ms));
                        },
                        {"missing_id", "missing_from", "missing_to", "missing_text", "invalid_from", "invalid_coding",
                         "unsupported_coding", "invalid_encoding", "too_long"});

  // The same bytes sent as `binary` (hex, which newer Jasmins add) read as they do in `content`.
  const auto content = params.find("content");
  const auto binary = params.find("binary");
  if (content != params.end() && !content->second.empty() &&
      (binary == params.end() || binary->second.find_first_not_of(" \t\r\n") == std::string::npos)) {
    core::sms::SmsParams as_binary = params;
    as_binary["binary"] = hex(content->second);
    FUZZ_CHECK(outcome(as_binary) == outcome(params), "binary and content disagree on " + hex(content->second));
  }
  return 0;
}
