// SMS gateways delivering voters' messages: Kannel (GET or POST /sms/kannel), Jasmin
// (POST /sms/jasmin), Twilio (POST /sms/twilio) and Vietnamese short-code aggregators
// (GET or POST /sms/shortcode). Each request is checked (enabled, address, secret or
// signature), parsed by core/sms/, handed to SmsIntake, and answered the way that gateway
// wants its answer:
//   Kannel     200 text/plain: the body is the reply SMS (Kannel sends it to the voter)
//   Jasmin     200 "ACK/Jasmin" (anything else makes Jasmin deliver again)
//   Twilio     200 TwiML <Response><Message>reply</Message></Response>
//   short code 200 the MT fields, echoing the MO's Request_ID
// Refusals: 404 gateway not enabled, 403 address, secret or signature, 400 a request that
// does not have the gateway's shape. A message the voter made unreadable (empty, not
// decodable, too long) is answered with 200 and a polite reply on the gateways that send
// our answer to the voter (Kannel, Twilio, short code): a 4xx there would make Kannel answer
// "Could not fetch content" or retry, and leave the voter without a word. Jasmin, which
// never relays our body, gets the 400.
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/sms/gateway_fields.hpp"
#include "core/sms/gateway_secret.hpp"
#include "core/sms/gsm7.hpp"
#include "core/sms/jasmin.hpp"
#include "core/sms/kannel.hpp"
#include "core/sms/twilio.hpp"
#include "core/sms/twilio_signature.hpp"
#include "core/sms/vn_shortcode.hpp"
#include "web/api/api_support.hpp"
#include "web/net/request_body.hpp"
#include "web/sms/sms_intake.hpp"

namespace votercast::web {
namespace {

using core::sms::InboundSms;
using core::sms::SmsOutcome;
using core::sms::SmsParams;

struct SmsRoutes {
  AppContext& app;
  SmsIntake intake;
  explicit SmsRoutes(AppContext& a) : app(a), intake(a) {}
};

// application/x-www-form-urlencoded fields; the first of a repeated name wins, as in the query.
void add_form_fields(std::string_view body, SmsParams& out) {
  for (auto& [name, value] : form_fields(body)) out.try_emplace(std::move(name), std::move(value));
}

SmsParams query_params(const Request& request) { return SmsParams(request.query.begin(), request.query.end()); }

// The query, then a form body's fields; any other body is refused.
SmsParams query_and_form(const Request& request) {
  SmsParams params = query_params(request);
  if (is_form(request))
    add_form_fields(request.body, params);
  else if (!request.body.empty())
    throw BadRequest(415, "unsupported_media_type",
                     "Cần form application/x-www-form-urlencoded / send the fields as a form");
  return params;
}

// "text/plain; charset=UTF-16BE" -> "UTF-16BE"; "" without one.
std::string charset_of(std::string_view content_type) {
  const auto at = content_type.find("charset=");
  if (at == std::string_view::npos) return "";
  std::string_view value = content_type.substr(at + 8);
  value = value.substr(0, value.find(';'));
  while (!value.empty() && (value.front() == '"' || value.front() == ' ')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '"' || value.back() == ' ')) value.remove_suffix(1);
  return std::string(value);
}

Response text_response(std::string body, std::string content_type = "text/plain; charset=utf-8") {
  Response r;
  r.status = 200;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

std::optional<Response> disabled_or_banned(bool enabled, const IpAllowList& allow, const Request& request) {
  if (!enabled)
    return error_response(404, "sms_gateway_disabled",
                          "Cổng SMS này chưa được bật / this SMS gateway is not enabled in the configuration");
  if (!allow.allows(request.remote_ip))
    return error_response(403, "ip_not_allowed",
                          "Địa chỉ " + request.remote_ip + " không được phép / address " + request.remote_ip +
                              " may not deliver SMS here");
  return std::nullopt;
}

// Enabled, allowed address, right secret (?secret=… or a form field named secret).
std::optional<Response> refusal(const SmsGatewaySettings& g, const Request& request, const SmsParams& params) {
  if (auto refused = disabled_or_banned(g.enabled, g.allow_ips, request)) return refused;
  const auto secret = params.find("secret");
  if (secret == params.end() || !core::sms::gateway_secret_matches(g.secret, secret->second))
    return error_response(403, "bad_secret", "Sai hoặc thiếu mã bí mật / the secret is missing or wrong");
  return std::nullopt;
}

// Parses with `parse`; a message the voter made unreadable becomes `polite(reply)`, anything
// else wrong with the request is thrown on (400).
template <class Parse, class Polite>
std::optional<InboundSms> parse_or_answer(SmsRoutes& s, Parse parse, Polite polite, Respond& respond) {
  try {
    return parse();
  } catch (const core::DomainError& e) {
    const std::string reply = s.intake.reply_to_unreadable(e.code);
    if (reply.empty()) throw;
    respond(polite(reply));
    return std::nullopt;
  }
}

// Kannel sends the body to the voter as the reply SMS. A reply that needs UCS-2 (replies with
// diacritics) says so, which Kannel honours with accept-x-kannel-headers = true.
Response kannel_reply(const std::string& reply) {
  auto r = text_response(reply);
  if (core::sms::sms_encoding(reply) == core::sms::SmsEncoding::ucs2) r.headers.emplace_back("X-Kannel-Coding", "2");
  return r;
}

void kannel(SmsRoutes& s, Request& request, Respond respond) {
  SmsParams params = query_params(request);
  if (request.method == "POST") {
    if (is_form(request)) {
      add_form_fields(request.body, params);
    } else {
      // post-url: the message is the body, in the charset its Content-Type names.
      params.try_emplace("text", request.body);
      if (const auto charset = charset_of(request.header("content-type")); !charset.empty())
        params.try_emplace("charset", charset);
    }
  }
  if (auto refused = refusal(s.app.config.sms.kannel, request, params)) return respond(std::move(*refused));
  const auto sms = parse_or_answer(
      s, [&] { return core::sms::parse_kannel(params, core::now_ms()); }, kannel_reply, respond);
  if (!sms) return;
  s.intake.process(*sms, [respond = std::move(respond)](std::exception_ptr error, SmsOutcome out) {
    respond(error ? response_for(error) : kannel_reply(out.reply));
  });
}

void jasmin(SmsRoutes& s, Request& request, Respond respond) {
  const SmsParams params = query_and_form(request);
  if (auto refused = refusal(s.app.config.sms.jasmin, request, params)) return respond(std::move(*refused));
  const auto sms = core::sms::parse_jasmin(params, core::now_ms());
  // Jasmin does not relay our body to the voter: the reply waits for sending through its
  // HTTP API; the ACK is what stops Jasmin from delivering again.
  s.intake.process(sms, [respond = std::move(respond)](std::exception_ptr error, SmsOutcome) {
    respond(error ? response_for(error) : text_response(std::string(core::sms::kJasminAck)));
  });
}

Response twiml(const std::string& reply) {
  return text_response(core::sms::twiml_reply(reply), "application/xml; charset=utf-8");
}

void twilio(SmsRoutes& s, Request& request, Respond respond) {
  const auto& t = s.app.config.sms.twilio;
  if (auto refused = disabled_or_banned(t.enabled, t.allow_ips, request)) return respond(std::move(*refused));
  if (!is_form(request))
    throw BadRequest(415, "unsupported_media_type", "Twilio gửi form / Twilio posts application/x-www-form-urlencoded");
  SmsParams fields;
  add_form_fields(request.body, fields);
  // Signed over the URL Twilio was told to call, which behind a proxy is not the one we see.
  if (!core::sms::twilio_signature_valid(t.auth_token, t.url, fields, request.header("x-twilio-signature")))
    return respond(error_response(403, "bad_signature",
                                  "Chữ ký Twilio không hợp lệ / the X-Twilio-Signature does not match this request"));
  const auto sms = parse_or_answer(
      s, [&] { return core::sms::parse_twilio(fields, core::now_ms()); }, twiml, respond);
  if (!sms) return;
  s.intake.process(*sms, [respond = std::move(respond)](std::exception_ptr error, SmsOutcome out) {
    respond(error ? response_for(error) : twiml(out.reply));
  });
}

Response shortcode_mt(const core::sms::ShortcodeMt& mt) {
  return text_response(mt.form_body(), "application/x-www-form-urlencoded; charset=utf-8");
}

// The MO's routing fields without its text, for answering a message we could not read: they
// must be there all the same (else it is not the aggregator's request: 400).
InboundSms shortcode_mo_fields(const SmsParams& params) {
  InboundSms mo;
  mo.from_raw = core::sms::required_field(params, "User_ID", "missing_from");
  mo.to = core::sms::required_field(params, "Service_ID", "missing_to");
  mo.command_code = core::sms::required_field(params, "Command_Code", "missing_command_code");
  mo.message_id = core::sms::required_field(params, "Request_ID", "missing_request_id");
  return mo;
}

void shortcode(SmsRoutes& s, Request& request, Respond respond) {
  const SmsParams params = query_and_form(request);
  if (auto refused = refusal(s.app.config.sms.shortcode, request, params)) return respond(std::move(*refused));
  const auto polite = [&params](const std::string& reply) {
    auto mt = core::sms::shortcode_reply(shortcode_mo_fields(params), reply);
    mt.message_type = 0;  // free: nothing was taken
    return shortcode_mt(mt);
  };
  const auto sms = parse_or_answer(
      s, [&] { return core::sms::parse_vn_shortcode(params, core::now_ms()); }, polite, respond);
  if (!sms) return;
  s.intake.process(*sms, [respond = std::move(respond), mo = *sms](std::exception_ptr error, SmsOutcome out) {
    if (error) return respond(response_for(error));
    auto mt = core::sms::shortcode_reply(mo, out.reply);
    mt.message_type = out.question_id ? 1 : 0;  // the question's acknowledgement is charged, help is free
    respond(shortcode_mt(mt));
  });
}

}  // namespace

void add_sms_routes(Router& router, AppContext& app) {
  // Shared by the routes, and so owned by the router: alive until after the writer has stopped.
  auto s = std::make_shared<SmsRoutes>(app);
  const auto route = [&router, s](const char* method, const char* path, void (*handler)(SmsRoutes&, Request&, Respond)) {
    router.add(method, path, [s, handler](Request& r, Respond done) {
      // The router answers HEAD with the GET route; a message must only be taken by a real GET.
      if (r.method == "HEAD")
        return done(error_response(405, "method_not_allowed", "HEAD không nhận tin nhắn / HEAD delivers no message"));
      handler(*s, r, std::move(done));
    });
  };
  route("GET", "/sms/kannel", kannel);
  route("POST", "/sms/kannel", kannel);
  route("POST", "/sms/jasmin", jasmin);
  route("POST", "/sms/twilio", twilio);
  route("GET", "/sms/shortcode", shortcode);
  route("POST", "/sms/shortcode", shortcode);
}

}  // namespace votercast::web
