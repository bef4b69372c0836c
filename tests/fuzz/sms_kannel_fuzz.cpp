// Kannel's sms-service request (core/sms/kannel.hpp): the fields of /sms/kannel, text in any
// charset Kannel may name, with or without an id.
// fuzz-links: votercast_core
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/sms/kannel.hpp"
#include "sms_fuzz_checks.hpp"

namespace {

using namespace votercast;

constexpr std::int64_t kNow = 1764240000123;

bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const core::sms::SmsParams params = fuzz::sms_params(data, size);
  fuzz::parse_or_refuse([&] { return core::sms::parse_kannel(params, kNow); },
                        [&](const core::sms::InboundSms& sms) {
                          fuzz::check_accepted_sms(sms, core::sms::gateway::kannel);
                          // A redelivery later is the same message: same id, same text.
                          const auto again = core::sms::parse_kannel(params, kNow + 60'000);
                          FUZZ_CHECK(again.message_id == sms.message_id, "the id depends on the time of delivery");
                          FUZZ_CHECK(again.text == sms.text, "the text depends on the time of delivery");
                          if (!params.contains("id") || params.at("id").find_first_not_of(" \t\r\n") == std::string::npos)
                            FUZZ_CHECK(sms.message_id.size() == 33 && sms.message_id[0] == 'k' &&
                                           all_hex(std::string_view(sms.message_id).substr(1)),
                                       "a made-up id is k + 32 hex digits: " + sms.message_id);
                          FUZZ_CHECK(sms.received_at_ms > 0, std::to_string(sms.received_at_ms));
                        },
                        {"missing_from", "missing_to", "missing_text", "invalid_from", "invalid_coding",
                         "unsupported_coding", "unsupported_charset", "invalid_encoding", "too_long"});
  return 0;
}
