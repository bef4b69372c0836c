#include "core/sms/outbound_gateways.hpp"

#include <unicode/unistr.h>

#include <nlohmann/json.hpp>

#include "core/sms/gsm7.hpp"

namespace votercast::core::sms {
namespace {

// UTF-16BE bytes as lower-case hex: what Jasmin's hex-content carries for data_coding 8.
std::string utf16be_hex(std::string_view utf8) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto units = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::string out;
  for (int32_t i = 0; i < units.length(); ++i) {
    const auto u = static_cast<unsigned>(units.charAt(i));
    for (const int shift : {12, 8, 4, 0}) out += kHex[(u >> shift) & 0xF];
  }
  return out;
}

std::string without_plus(std::string_view e164) {
  if (e164.starts_with('+')) e164.remove_prefix(1);
  return std::string(e164);
}

// The answer as staff read it: a line, not a page.
std::string excerpt(std::string_view body) {
  constexpr std::size_t kMax = 200;
  std::string out(body.substr(0, kMax));
  for (auto& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// What is not a success: whether asking again may help.
SendAnswer unsuccessful(int status, std::string_view body) {
  if (status == 0) return {SendVerdict::retry, "", "no answer: " + excerpt(body)};
  const bool transient = status >= 500 || status == 408 || status == 429;
  return {transient ? SendVerdict::retry : SendVerdict::failed, "",
          "HTTP " + std::to_string(status) + ": " + excerpt(body)};
}

bool is_2xx(int status) { return status >= 200 && status < 300; }

}  // namespace

OutboundRequest kannel_send_request(const KannelSend& s, std::string_view to, std::string_view text) {
  Fields q = {{"username", s.user}, {"password", s.password}, {"to", std::string(to)}};
  if (!s.from.empty()) q.emplace_back("from", s.from);
  q.emplace_back("text", std::string(text));
  // The text is UTF-8; Kannel recodes it to GSM-7 (coding 0) or UCS-2 (coding 2).
  q.emplace_back("charset", "UTF-8");
  q.emplace_back("coding", is_gsm7(text) ? "0" : "2");
  return {"GET", url_with_query(s.sendsms_url, q), {}, ""};
}

OutboundRequest jasmin_send_request(const JasminSend& s, std::string_view to, std::string_view text) {
  Fields q = {{"username", s.user}, {"password", s.password}, {"to", std::string(to)}};
  if (!s.from.empty()) q.emplace_back("from", s.from);
  if (is_gsm7(text)) {
    q.emplace_back("coding", "0");  // Jasmin recodes UTF-8 content to GSM 03.38
    q.emplace_back("content", std::string(text));
  } else {
    q.emplace_back("coding", "8");
    q.emplace_back("hex-content", utf16be_hex(text));
  }
  return {"GET", url_with_query(s.send_url, q), {}, ""};
}

OutboundRequest twilio_send_request(const TwilioSend& s, std::string_view to, std::string_view text) {
  std::string base = s.api_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  Fields form = {{"To", std::string(to)}};
  if (!s.messaging_service_sid.empty())
    form.emplace_back("MessagingServiceSid", s.messaging_service_sid);
  else
    form.emplace_back("From", s.from);
  form.emplace_back("Body", std::string(text));
  return {"POST",
          base + "/2010-04-01/Accounts/" + percent_encode(s.account_sid) + "/Messages.json",
          {{"Authorization", basic_authorization(s.account_sid, s.auth_token)},
           {"Content-Type", "application/x-www-form-urlencoded"}},
          form_encode(form)};
}

OutboundRequest shortcode_send_request(const ShortcodeSend& s, std::string_view to, std::string_view text) {
  Fields form = {{"User_ID", without_plus(to)},
                 {"Service_ID", s.service_id},
                 {"Command_Code", s.command_code},
                 {"Message", std::string(text)},
                 {"Request_ID", "0"}};  // 0: a push of our own, not the answer to an MO
  if (!s.secret.empty()) form.emplace_back("secret", s.secret);
  return {"POST", s.mt_url, {{"Content-Type", "application/x-www-form-urlencoded"}}, form_encode(form)};
}

SendAnswer read_kannel_answer(int status, std::string_view body) {
  if (!is_2xx(status)) return unsuccessful(status, body);
  if (body.starts_with("0:") || body.starts_with("3:")) return {SendVerdict::sent, "", ""};
  // A 2xx we cannot read: asking again might send it twice.
  return {SendVerdict::failed, "", "unexpected answer, HTTP " + std::to_string(status) + ": " + excerpt(body)};
}

SendAnswer read_jasmin_answer(int status, std::string_view body) {
  if (!is_2xx(status)) return unsuccessful(status, body);
  constexpr std::string_view kSuccess = "Success \"";
  if (!body.starts_with(kSuccess))
    return {SendVerdict::failed, "", "unexpected answer, HTTP " + std::to_string(status) + ": " + excerpt(body)};
  std::string_view id = body.substr(kSuccess.size());
  id = id.substr(0, id.find('"'));
  return {SendVerdict::sent, std::string(id), ""};
}

SendAnswer read_twilio_answer(int status, std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (is_2xx(status)) {
    std::string sid;
    if (json.is_object() && json.contains("sid") && json["sid"].is_string()) sid = json["sid"].get<std::string>();
    return {SendVerdict::sent, sid, ""};
  }
  auto answer = unsuccessful(status, body);
  // Twilio explains a refusal as {"code": 21211, "message": "…"}: keep just that.
  if (json.is_object() && json.contains("message") && json["message"].is_string()) {
    std::string why = json["message"].get<std::string>();
    if (json.contains("code") && json["code"].is_number_integer())
      why = std::to_string(json["code"].get<std::int64_t>()) + " " + why;
    answer.error = "HTTP " + std::to_string(status) + ": " + excerpt(why);
  }
  return answer;
}

SendAnswer read_shortcode_answer(int status, std::string_view body) {
  if (!is_2xx(status)) return unsuccessful(status, body);
  return {SendVerdict::sent, "", ""};
}

}  // namespace votercast::core::sms
