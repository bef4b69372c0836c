#pragma once
// The text answering a voter's SMS, in one SMS: a template filled with values; the first of
// its forms (longest first) that fits one SMS, else the last one cut to fit.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/sms/gsm7.hpp"

namespace votercast::core::sms {

using ReplyValues = std::map<std::string, std::string>;

// The acknowledgement of a question, and its form without the link when that does not fit.
inline constexpr std::string_view kTicketReply = "Cam on ban. Ma cau hoi: {ticket}. Theo doi tai {url}/t/{ticket}";
inline constexpr std::string_view kTicketReplyShort = "Cam on ban. Ma cau hoi: {ticket}";

// Each "{name}" (letters, digits, '_') replaced by values[name]; a name without a value is a
// configuration mistake: DomainError(invalid_input, "reply_template_invalid"). Braces that do
// not form "{name}" are kept as they are.
std::string fill_reply_template(std::string_view reply_template, const ReplyValues& values);

struct ReplyOptions {
  bool strip_diacritics = true;  // "Cảm ơn" -> "Cam on": GSM-7, 160 characters, every phone
};

struct SmsReply {
  std::string text;
  SmsEncoding encoding = SmsEncoding::gsm7;
  std::size_t units = 0;   // sms_units(text)
  std::size_t form = 0;    // index of the form used
  bool truncated = false;  // even the last form did not fit and was cut
};

// `forms`: the same reply from the longest to the shortest (e.g. {kTicketReply,
// kTicketReplyShort}). None given: DomainError(invalid_input, "reply_template_missing").
SmsReply compose_sms_reply(const std::vector<std::string_view>& forms, const ReplyValues& values,
                           const ReplyOptions& options = {});

}  // namespace votercast::core::sms
