#include "core/sms/sms_reply.hpp"

#include "core/sms/gateway_fields.hpp"
#include "core/sms/unaccented.hpp"

namespace votercast::core::sms {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Length of "{name}" at the start of `s`, 0 if it does not start with one.
std::size_t placeholder_length(std::string_view s) {
  if (s.empty() || s.front() != '{') return 0;
  std::size_t i = 1;
  while (i < s.size() && is_name_char(s[i])) ++i;
  return i > 1 && i < s.size() && s[i] == '}' ? i + 1 : 0;
}

SmsReply measured(std::string text, std::size_t form, bool truncated) {
  SmsReply reply;
  reply.encoding = sms_encoding(text);
  reply.units = sms_units(text);
  reply.text = std::move(text);
  reply.form = form;
  reply.truncated = truncated;
  return reply;
}

}  // namespace

std::string fill_reply_template(std::string_view reply_template, const ReplyValues& values) {
  std::string out;
  out.reserve(reply_template.size() + 32);
  for (std::size_t i = 0; i < reply_template.size();) {
    const std::size_t length = placeholder_length(reply_template.substr(i));
    if (length == 0) {
      out += reply_template[i++];
      continue;
    }
    const std::string name(reply_template.substr(i + 1, length - 2));
    const auto value = values.find(name);
    if (value == values.end())
      reject("reply_template_invalid", "Mẫu tin trả lời dùng {" + name +
                                           "} nhưng không có giá trị / the reply template uses {" + name +
                                           "}, which has no value");
    out += value->second;
    i += length;
  }
  return out;
}

SmsReply compose_sms_reply(const std::vector<std::string_view>& forms, const ReplyValues& values,
                           const ReplyOptions& options) {
  if (forms.empty()) reject("reply_template_missing", "Chưa có mẫu tin trả lời / no reply template is configured");
  std::string text;
  for (std::size_t form = 0; form < forms.size(); ++form) {
    text = fill_reply_template(forms[form], values);
    if (options.strip_diacritics) text = strip_diacritics(text);
    if (fits_one_sms(text)) return measured(std::move(text), form, false);
  }
  text = truncate_to_one_sms(text);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  return measured(std::move(text), forms.size() - 1, true);
}

}  // namespace votercast::core::sms
