#pragma once
// Sending one SMS to a voter through each gateway's own send API, as a request to make and a
// reading of the gateway's answer. Pure: the settings come in as plain values, the HTTP
// exchange happens elsewhere (web/net/http_client.hpp).
//   Kannel     GET  sendsms_url?username&password&to&from&text&charset=UTF-8&coding=0|2
//              202 (or 200) "0: Accepted for delivery" / "3: Queued for later delivery"
//   Jasmin     GET  send_url?username&password&to&from&coding=0&content=…
//              (UCS-2: coding=8&hex-content=<UTF-16BE in hex>); 200 `Success "<id>"`
//   Twilio     POST {api_base}/2010-04-01/Accounts/{AccountSid}/Messages.json, Basic auth,
//              form To, From or MessagingServiceSid, Body; 201 JSON with "sid"
//   short code POST mt_url, form User_ID (84…, no '+'), Service_ID, Command_Code, Message,
//              Request_ID=0 (a push, not a reply to an MO), secret; 200
#include <string>
#include <string_view>

#include "core/sms/outbound_request.hpp"

namespace votercast::core::sms {

struct KannelSend {
  std::string sendsms_url;
  std::string user;
  std::string password;
  std::string from;  // optional: Kannel's default sender otherwise
};

struct JasminSend {
  std::string send_url;
  std::string user;
  std::string password;
  std::string from;  // optional
};

struct TwilioSend {
  std::string api_base = "https://api.twilio.com";
  std::string account_sid;
  std::string auth_token;
  std::string from;                   // a Twilio number, or…
  std::string messaging_service_sid;  // …a messaging service (used when set)
};

struct ShortcodeSend {
  std::string mt_url;
  std::string service_id;          // the short code, e.g. "8077"
  std::string command_code = "DT";  // the keyword the service is registered under
  std::string secret;              // sent as `secret` when set
};

// `to` is E.164 ("+84912345678"), `text` UTF-8 that fits one SMS (compose_sms_reply).
OutboundRequest kannel_send_request(const KannelSend& s, std::string_view to, std::string_view text);
OutboundRequest jasmin_send_request(const JasminSend& s, std::string_view to, std::string_view text);
OutboundRequest twilio_send_request(const TwilioSend& s, std::string_view to, std::string_view text);
OutboundRequest shortcode_send_request(const ShortcodeSend& s, std::string_view to, std::string_view text);

enum class SendVerdict {
  sent,    // the gateway took it
  retry,   // it may take it later: no answer, 5xx, 408, 429
  failed,  // it never will: any other refusal, or an answer we cannot read as success
};

struct SendAnswer {
  SendVerdict verdict = SendVerdict::retry;
  std::string message_id;  // the gateway's id for the message, when it gives one
  std::string error;       // why not sent, for staff ("HTTP 403: Authorization failed…")
};

// The gateway's answer; status 0 means no HTTP answer came, `body` then says why.
SendAnswer read_kannel_answer(int status, std::string_view body);
SendAnswer read_jasmin_answer(int status, std::string_view body);
SendAnswer read_twilio_answer(int status, std::string_view body);
SendAnswer read_shortcode_answer(int status, std::string_view body);

}  // namespace votercast::core::sms
