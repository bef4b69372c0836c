// Sending an SMS ourselves: each gateway's send request, exactly as it goes on the wire, the
// reading of each gateway's answer, and the retry schedule.
#include <gtest/gtest.h>

#include "core/sms/outbound_gateways.hpp"
#include "core/sms/outbound_request.hpp"
#include "core/sms/outbound_retry.hpp"

namespace sms = votercast::core::sms;
using sms::SendVerdict;

namespace {

// An unaccented answer notice (GSM-7) and one with diacritics (UCS-2).
const std::string kPlain = "Cau hoi 7KQ2M9XD da co tra loi. Xem tai https://hoidap.example.vn/t/7KQ2M9XD";
const std::string kAccented = "Câu hỏi 7KQ2M9XD đã có trả lời.";
const std::string kPlainEncoded =
    "Cau%20hoi%207KQ2M9XD%20da%20co%20tra%20loi.%20Xem%20tai%20https%3A%2F%2Fhoidap.example.vn%2Ft%2F7KQ2M9XD";
const std::string kAccentedEncoded =
    "C%C3%A2u%20h%E1%BB%8Fi%207KQ2M9XD%20%C4%91%C3%A3%20c%C3%B3%20tr%E1%BA%A3%20l%E1%BB%9Di.";

}  // namespace

TEST(SmsOutboundEncoding, PercentFormAndBasic) {
  EXPECT_EQ(sms::percent_encode("a b+c&d=é~"), "a%20b%2Bc%26d%3D%C3%A9~");
  EXPECT_EQ(sms::form_encode({{"To", "+84912345678"}, {"Body", "a b"}}), "To=%2B84912345678&Body=a%20b");
  EXPECT_EQ(sms::url_with_query("http://h/send", {{"a", "1"}}), "http://h/send?a=1");
  EXPECT_EQ(sms::url_with_query("http://h/send?x=y", {{"a", "1"}}), "http://h/send?x=y&a=1");
  // RFC 7617's example, and the three padding cases.
  EXPECT_EQ(sms::basic_authorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_EQ(sms::basic_authorization("a", "b"), "Basic YTpi");
  EXPECT_EQ(sms::basic_authorization("ab", "c"), "Basic YWI6Yw==");
  EXPECT_EQ(sms::basic_authorization("ab", "cd"), "Basic YWI6Y2Q=");
}

TEST(SmsOutboundKannel, Gsm7AndUcs2) {
  const sms::KannelSend k{"http://127.0.0.1:13013/cgi-bin/sendsms", "votercast", "p&ss", "8077"};
  auto r = sms::kannel_send_request(k, "+84912345678", kPlain);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.url, "http://127.0.0.1:13013/cgi-bin/sendsms?username=votercast&password=p%26ss&to=%2B84912345678"
                   "&from=8077&text=" + kPlainEncoded + "&charset=UTF-8&coding=0");
  EXPECT_TRUE(r.body.empty());
  r = sms::kannel_send_request({k.sendsms_url, "u", "p", ""}, "+84912345678", kAccented);
  EXPECT_EQ(r.url, "http://127.0.0.1:13013/cgi-bin/sendsms?username=u&password=p&to=%2B84912345678&text=" +
                       kAccentedEncoded + "&charset=UTF-8&coding=2");
}

TEST(SmsOutboundJasmin, ContentOrHexContent) {
  const sms::JasminSend j{"http://127.0.0.1:1401/send", "vc", "pw", ""};
  auto r = sms::jasmin_send_request(j, "+84912345678", kPlain);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.url, "http://127.0.0.1:1401/send?username=vc&password=pw&to=%2B84912345678&coding=0&content=" +
                       kPlainEncoded);
  // "Đã có" as UTF-16BE: U+0110 U+00E3 U+0020 U+0063 U+00F3.
  r = sms::jasmin_send_request({j.send_url, "vc", "pw", "8077"}, "+84912345678", "Đã có");
  EXPECT_EQ(r.url, "http://127.0.0.1:1401/send?username=vc&password=pw&to=%2B84912345678&from=8077&coding=8"
                   "&hex-content=011000e30020006300f3");
  // Outside the BMP: a surrogate pair.
  r = sms::jasmin_send_request(j, "+1", "😀");
  EXPECT_TRUE(r.url.ends_with("&coding=8&hex-content=d83dde00")) << r.url;
}

TEST(SmsOutboundTwilio, MessagesApiWithBasicAuth) {
  sms::TwilioSend t;
  t.api_base = "http://127.0.0.1:4000/";
  t.account_sid = "AC0123456789abcdef0123456789abcdef";
  t.auth_token = "tok";
  t.from = "+15005550006";
  auto r = sms::twilio_send_request(t, "+84912345678", kAccented);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "http://127.0.0.1:4000/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
  EXPECT_EQ(r.body, "To=%2B84912345678&From=%2B15005550006&Body=" + kAccentedEncoded);
  const sms::Fields expected_headers = {
      {"Authorization", sms::basic_authorization("AC0123456789abcdef0123456789abcdef", "tok")},
      {"Content-Type", "application/x-www-form-urlencoded"}};
  EXPECT_EQ(r.headers, expected_headers);
  t.messaging_service_sid = "MG123";
  r = sms::twilio_send_request(t, "+84912345678", "x");
  EXPECT_EQ(r.body, "To=%2B84912345678&MessagingServiceSid=MG123&Body=x");
}

TEST(SmsOutboundShortcode, MtPushWithoutThePlus) {
  const sms::ShortcodeSend s{"https://mt.example.vn/push", "8077", "DT", "bi mat"};
  const auto r = sms::shortcode_send_request(s, "+84912345678", kPlain);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://mt.example.vn/push");
  EXPECT_EQ(r.body, "User_ID=84912345678&Service_ID=8077&Command_Code=DT&Message=" + kPlainEncoded +
                        "&Request_ID=0&secret=bi%20mat");
  EXPECT_EQ(sms::shortcode_send_request({s.mt_url, "8077", "DT", ""}, "+84912345678", "x").body,
            "User_ID=84912345678&Service_ID=8077&Command_Code=DT&Message=x&Request_ID=0");
}

TEST(SmsOutboundAnswers, Kannel) {
  EXPECT_EQ(sms::read_kannel_answer(202, "0: Accepted for delivery").verdict, SendVerdict::sent);
  EXPECT_EQ(sms::read_kannel_answer(202, "3: Queued for later delivery").verdict, SendVerdict::sent);
  EXPECT_EQ(sms::read_kannel_answer(200, "0: Accepted for delivery").verdict, SendVerdict::sent);
  const auto denied = sms::read_kannel_answer(403, "Authorization failed for sendsms");
  EXPECT_EQ(denied.verdict, SendVerdict::failed);
  EXPECT_EQ(denied.error, "HTTP 403: Authorization failed for sendsms");
  EXPECT_EQ(sms::read_kannel_answer(503, "Queue full").verdict, SendVerdict::retry);
  EXPECT_EQ(sms::read_kannel_answer(0, "connection refused").verdict, SendVerdict::retry);
  EXPECT_EQ(sms::read_kannel_answer(202, "something else").verdict, SendVerdict::failed);
}

TEST(SmsOutboundAnswers, Jasmin) {
  const auto ok = sms::read_jasmin_answer(200, "Success \"07033084-5cfd-4812-90a4-e4d24ffb6e3d\"");
  EXPECT_EQ(ok.verdict, SendVerdict::sent);
  EXPECT_EQ(ok.message_id, "07033084-5cfd-4812-90a4-e4d24ffb6e3d");
  EXPECT_EQ(sms::read_jasmin_answer(400, "Error \"Mandatory argument [to] is not found.\"").verdict, SendVerdict::failed);
  EXPECT_EQ(sms::read_jasmin_answer(412, "Error \"No route found\"").verdict, SendVerdict::failed);
  EXPECT_EQ(sms::read_jasmin_answer(500, "Error \"Cannot charge submit_sm\"").verdict, SendVerdict::retry);
  EXPECT_EQ(sms::read_jasmin_answer(200, "Hmm").verdict, SendVerdict::failed);
}

TEST(SmsOutboundAnswers, Twilio) {
  const auto ok = sms::read_twilio_answer(201, R"({"sid": "SM0123", "status": "queued"})");
  EXPECT_EQ(ok.verdict, SendVerdict::sent);
  EXPECT_EQ(ok.message_id, "SM0123");
  EXPECT_EQ(sms::read_twilio_answer(201, "not json").verdict, SendVerdict::sent);
  const auto bad_to = sms::read_twilio_answer(400, R"({"code": 21211, "message": "The 'To' number is not valid.", "status": 400})");
  EXPECT_EQ(bad_to.verdict, SendVerdict::failed);
  EXPECT_EQ(bad_to.error, "HTTP 400: 21211 The 'To' number is not valid.");
  EXPECT_EQ(sms::read_twilio_answer(401, R"({"code": 20003, "message": "Authenticate"})").verdict, SendVerdict::failed);
  EXPECT_EQ(sms::read_twilio_answer(429, R"({"code": 20429, "message": "Too Many Requests"})").verdict, SendVerdict::retry);
  EXPECT_EQ(sms::read_twilio_answer(503, "").verdict, SendVerdict::retry);
}

TEST(SmsOutboundAnswers, ShortcodeAndLongBodies) {
  EXPECT_EQ(sms::read_shortcode_answer(200, "1").verdict, SendVerdict::sent);
  EXPECT_EQ(sms::read_shortcode_answer(302, "").verdict, SendVerdict::failed);  // redirects are not followed
  EXPECT_EQ(sms::read_shortcode_answer(408, "").verdict, SendVerdict::retry);
  const auto long_error = sms::read_shortcode_answer(400, std::string(10000, 'x') + "\n");
  EXPECT_LE(long_error.error.size(), 220u);
}

TEST(SmsOutboundRetry, DoublingFromTheFirstDelayUpToAnHour) {
  const sms::RetryPolicy p{30'000, 8};
  EXPECT_EQ(sms::retry_delay_ms(p, 1), 30'000);
  EXPECT_EQ(sms::retry_delay_ms(p, 2), 60'000);
  EXPECT_EQ(sms::retry_delay_ms(p, 3), 120'000);
  EXPECT_EQ(sms::retry_delay_ms(p, 7), 1'920'000);
  EXPECT_EQ(sms::retry_delay_ms(p, 8), 3'600'000);
  EXPECT_EQ(sms::retry_delay_ms(p, 1000), 3'600'000);
}

TEST(SmsOutboundRetry, AfterAnAttempt) {
  const sms::RetryPolicy p{1000, 3};
  sms::OutboxMessage m;
  m.next_attempt_at_ms = 5;
  const auto busy = sms::after_attempt(m, {SendVerdict::retry, "", "HTTP 503: busy"}, p, 100);
  EXPECT_EQ(busy.state, sms::OutboxState::pending);
  EXPECT_EQ(busy.attempts, 1);
  EXPECT_EQ(busy.next_attempt_at_ms, 1100);
  EXPECT_EQ(busy.last_error, "HTTP 503: busy");
  m.attempts = 1;
  m.last_error = busy.last_error;
  EXPECT_EQ(sms::after_attempt(m, {SendVerdict::retry, "", "x"}, p, 100).next_attempt_at_ms, 2100);
  const auto sent = sms::after_attempt(m, {SendVerdict::sent, "SM1", ""}, p, 200);
  EXPECT_EQ(sent.state, sms::OutboxState::sent);
  EXPECT_EQ(sent.attempts, 2);
  EXPECT_EQ(sent.sent_at_ms, 200);
  EXPECT_EQ(sent.gateway_message_id, "SM1");
  EXPECT_EQ(sent.last_error, "HTTP 503: busy");  // kept: what the earlier attempt met
  const auto refused = sms::after_attempt(m, {SendVerdict::failed, "", "HTTP 400: bad To"}, p, 200);
  EXPECT_EQ(refused.state, sms::OutboxState::failed);
  EXPECT_EQ(refused.last_error, "HTTP 400: bad To");
  m.attempts = 2;  // this is the third and last
  const auto given_up = sms::after_attempt(m, {SendVerdict::retry, "", "HTTP 503: busy"}, p, 300);
  EXPECT_EQ(given_up.state, sms::OutboxState::failed);
  EXPECT_EQ(given_up.attempts, 3);
  EXPECT_EQ(given_up.last_error, "gave up after 3 attempts; last: HTTP 503: busy");
}

TEST(SmsOutboundState, Names) {
  for (const auto s : {sms::OutboxState::pending, sms::OutboxState::sent, sms::OutboxState::failed})
    EXPECT_EQ(sms::parse_outbox_state(sms::to_string(s)), s);
  EXPECT_FALSE(sms::parse_outbox_state("queued"));
}
