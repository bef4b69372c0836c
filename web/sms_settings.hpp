#pragma once
// The [sms] table of the configuration: which gateways may deliver voters' SMS and how each
// proves it is that gateway, the keywords, the replies and the per-number rate limit.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sms/keywords.hpp"
#include "web/ip_allow_list.hpp"

namespace votercast::web {

// Kannel, Jasmin and short-code aggregators: a shared secret in the URL (?secret=…).
struct SmsGatewaySettings {
  bool enabled = false;
  std::string secret;     // required when enabled; compared in constant time
  IpAllowList allow_ips;  // empty: any address (the secret is still needed)
};

struct KannelSettings : SmsGatewaySettings {
  // Kannel's smsbox sendsms interface, for replies sent later than the answer (not used yet).
  std::string sendsms_url;
  std::string sendsms_user;
  std::string sendsms_pass;
};

// Twilio signs each request with the account's auth token over the URL it called.
struct TwilioSettings {
  bool enabled = false;
  std::string auth_token;  // required when enabled
  std::string url;         // the webhook URL exactly as set in Twilio's console (query included)
  IpAllowList allow_ips;
};

// Each a template for one SMS (core/sms/sms_reply.hpp): {url} is public_url everywhere, plus
// {ticket} in ticket and ticket_short, {minutes} in rate_limited, {max_chars} in too_long.
struct SmsReplyTemplates {
  std::string ticket = "Cảm ơn bạn. Mã câu hỏi: {ticket}. Theo dõi tại {url}/t/{ticket}";
  std::string ticket_short = "Cảm ơn bạn. Mã câu hỏi: {ticket}";  // when the first does not fit one SMS
  std::string help = "Đối thoại với cử tri: soạn DT <câu hỏi> để gửi câu hỏi. Hoặc gửi tại {url}";
  std::string paused = "Chương trình đang tạm ngừng nhận câu hỏi. Xin cảm ơn, mời bạn gửi lại sau ít phút.";
  std::string rate_limited = "Bạn đã gửi nhiều tin trong thời gian ngắn. Mời bạn gửi lại sau {minutes} phút.";
  std::string unreadable = "Xin lỗi, không đọc được tin nhắn của bạn. Soạn DT <câu hỏi> và gửi lại.";
  std::string too_long = "Câu hỏi dài quá {max_chars} ký tự. Mời bạn rút gọn và gửi lại.";
  std::string no_poll = "Hiện chưa có cuộc bình chọn nào. Cảm ơn bạn.";
  bool unaccented = true;  // replies without diacritics: GSM-7, 160 characters, every phone
};

struct SmsSettings {
  KannelSettings kannel;
  SmsGatewaySettings jasmin;
  TwilioSettings twilio;
  SmsGatewaySettings shortcode;
  std::vector<core::sms::KeywordTable::Entry> keywords = core::sms::KeywordTable::default_entries();
  core::sms::UnknownKeywordRule unknown_keyword = core::sms::UnknownKeywordRule::accept;
  SmsReplyTemplates replies;
  std::size_t rate_messages = 5;  // at most this many messages per number…
  int rate_per_minutes = 10;      // …in any window this long
  // How long a message id is remembered, so that a gateway's late retry adds no second
  // question; older ones are forgotten (the question itself stays).
  int remember_days = 30;

  core::sms::KeywordTable keyword_table() const { return {keywords, unknown_keyword}; }
};

// The [sms] table; throws std::runtime_error naming the setting ("sms.kannel.secret …").
SmsSettings parse_sms_settings(const nlohmann::json& table);

}  // namespace votercast::web
