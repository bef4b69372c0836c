#pragma once
// The [sms] table of the configuration: which gateways may deliver voters' SMS and how each
// proves it is that gateway, the keywords, the replies and the per-number rate limit.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sms/keywords.hpp"
#include "web/net/ip_allow_list.hpp"

namespace votercast::web {

// Kannel, Jasmin and short-code aggregators: a shared secret in the URL (?secret=…).
struct SmsGatewaySettings {
  bool enabled = false;
  std::string secret;     // required when enabled; compared in constant time
  IpAllowList allow_ips;  // empty: any address (the secret is still needed)
};

struct KannelSettings : SmsGatewaySettings {
  // Kannel's smsbox sendsms interface, for the SMS sent when a question is answered
  // (web/sms/sms_sender.hpp); off while sendsms_url is empty.
  std::string sendsms_url;
  std::string sendsms_user;
  std::string sendsms_pass;
  std::string sendsms_from;  // optional: the sender the voter sees (the short code)
};

// Jasmin's HTTP API (/send), for the same; off while send_url is empty.
struct JasminSettings : SmsGatewaySettings {
  std::string send_url;
  std::string send_user;
  std::string send_pass;
  std::string send_from;  // optional
};

// An 8x77 aggregator's MT push URL, for the same; off while mt_url is empty. The shared
// secret goes along as the `secret` field.
struct ShortcodeSettings : SmsGatewaySettings {
  std::string mt_url;
  std::string service_id;           // the short code ("8077"): required with mt_url
  std::string command_code = "DT";  // the keyword the service is registered under
};

// Twilio signs each request with the account's auth token over the URL it called.
struct TwilioSettings {
  bool enabled = false;
  std::string auth_token;  // required when enabled
  std::string url;         // the webhook URL exactly as set in Twilio's console (query included)
  IpAllowList allow_ips;
  // Twilio's Messages API, for the SMS sent when a question is answered; off while
  // account_sid is empty. Authenticates with account_sid and auth_token.
  std::string account_sid;
  std::string from;                   // a Twilio number in E.164, or…
  std::string messaging_service_sid;  // …a messaging service (used when set)
  std::string api_base = "https://api.twilio.com";
};

// Each a template for one SMS (core/sms/sms_reply.hpp): {url} is public_url everywhere, plus
// {ticket} in ticket and ticket_short, {minutes} in rate_limited, {max_chars} in too_long,
// {option} in voted and vote_kept, {keyword} and {options} in vote_unknown, {ticket} in
// answered and answered_short, {code} in call_link and call_link_short.
struct SmsReplyTemplates {
  std::string ticket = "Cảm ơn bạn. Mã câu hỏi: {ticket}. Theo dõi tại {url}/t/{ticket}";
  std::string ticket_short = "Cảm ơn bạn. Mã câu hỏi: {ticket}";  // when the first does not fit one SMS
  std::string help = "Đối thoại với cử tri: soạn DT <câu hỏi> để gửi câu hỏi. Hoặc gửi tại {url}";
  std::string paused = "Chương trình đang tạm ngừng nhận câu hỏi. Xin cảm ơn, mời bạn gửi lại sau ít phút.";
  std::string rate_limited = "Bạn đã gửi nhiều tin trong thời gian ngắn. Mời bạn gửi lại sau {minutes} phút.";
  std::string unreadable = "Xin lỗi, không đọc được tin nhắn của bạn. Soạn DT <câu hỏi> và gửi lại.";
  std::string too_long = "Câu hỏi dài quá {max_chars} ký tự. Mời bạn rút gọn và gửi lại.";
  std::string no_poll = "Hiện chưa có cuộc bình chọn nào. Cảm ơn bạn.";
  // Poll votes ("BC A"): {option} is the option's code, {options} the codes, {keyword} the word.
  std::string voted = "Cảm ơn bạn đã bình chọn {option}.";
  std::string vote_kept = "Bạn đã bình chọn {option} trước đó; mỗi số điện thoại được tính một lần.";
  std::string vote_unknown = "Không có lựa chọn này. Soạn {keyword} và một trong các mã: {options}.";
  // Sent on its own when an SMS voter's question is answered: it points to the ticket page,
  // the answer itself rarely fits an SMS.
  std::string answered = "Câu hỏi {ticket} đã có trả lời. Xem tại {url}/t/{ticket}";
  std::string answered_short = "Câu hỏi {ticket} đã có trả lời.";  // when the first does not fit one SMS
  // A caller's video call link (POST /api/callers/{id}/call-link with "sms"): the page by its
  // short code, so that no token is ever stored in the outbox.
  std::string call_link = "Mời bạn gọi video vào chương trình: {url}/call?code={code} (mã {code}). Chỉ dùng một lần.";
  std::string call_link_short = "Gọi video: {url}/call?code={code}";  // when the first does not fit one SMS
  bool unaccented = true;  // replies without diacritics: GSM-7, 160 characters, every phone
};

// The outbox of SMS sent on votercast's own initiative (web/sms/sms_sender.hpp).
struct SmsOutboxSettings {
  int retry_seconds = 30;   // wait after the first failed attempt, doubled after each next one
  int max_attempts = 8;     // then the message is marked failed
  int timeout_seconds = 5;  // for one request to a gateway
};

struct SmsSettings {
  KannelSettings kannel;
  JasminSettings jasmin;
  TwilioSettings twilio;
  ShortcodeSettings shortcode;
  SmsOutboxSettings outbox;
  std::vector<core::sms::KeywordTable::Entry> keywords = core::sms::KeywordTable::default_entries();
  core::sms::UnknownKeywordRule unknown_keyword = core::sms::UnknownKeywordRule::accept;
  SmsReplyTemplates replies;
  std::size_t rate_messages = 5;  // at most this many messages per number…
  int rate_per_minutes = 10;      // …in any window this long
  // How long a message id is remembered, so that a gateway's late retry adds no second
  // question; older ones are forgotten (the question itself stays).
  int remember_days = 30;

  core::sms::KeywordTable keyword_table() const { return {keywords, unknown_keyword}; }
  // Whether votercast can send an SMS through this gateway (gateway::*) on its own.
  bool sends_through(std::string_view gateway) const;
};

// The [sms] table; throws std::runtime_error naming the setting ("sms.kannel.secret …").
SmsSettings parse_sms_settings(const nlohmann::json& table);

}  // namespace votercast::web
