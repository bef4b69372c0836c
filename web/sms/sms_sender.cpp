#include "web/sms/sms_sender.hpp"

#include <iostream>
#include <optional>

#include "core/clock.hpp"
#include "core/sms/inbound_sms.hpp"
#include "core/sms/outbound_retry.hpp"
#include "core/store/sms_outbox_table.hpp"
#include "web/net/http_client.hpp"

namespace votercast::web {
namespace {

namespace g = core::sms::gateway;
using core::sms::SendAnswer;
using core::sms::SendVerdict;

// The request for one message through its gateway, from the [sms] settings; nullopt when that
// gateway is (no longer) set up to send.
std::optional<core::sms::OutboundRequest> send_request(const SmsSettings& s, const core::sms::OutboxMessage& m) {
  if (!s.sends_through(m.gateway)) return std::nullopt;
  if (m.gateway == g::kannel)
    return core::sms::kannel_send_request(
        {s.kannel.sendsms_url, s.kannel.sendsms_user, s.kannel.sendsms_pass, s.kannel.sendsms_from}, m.to, m.text);
  if (m.gateway == g::jasmin)
    return core::sms::jasmin_send_request({s.jasmin.send_url, s.jasmin.send_user, s.jasmin.send_pass, s.jasmin.send_from},
                                          m.to, m.text);
  if (m.gateway == g::twilio)
    return core::sms::twilio_send_request({s.twilio.api_base, s.twilio.account_sid, s.twilio.auth_token, s.twilio.from,
                                           s.twilio.messaging_service_sid},
                                          m.to, m.text);
  return core::sms::shortcode_send_request(
      {s.shortcode.mt_url, s.shortcode.service_id, s.shortcode.command_code, s.shortcode.secret}, m.to, m.text);
}

SendAnswer read_answer(std::string_view gateway, const HttpFetchResult& r) {
  const std::string_view body = r.status == 0 ? std::string_view(r.error) : std::string_view(r.body);
  if (gateway == g::kannel) return core::sms::read_kannel_answer(r.status, body);
  if (gateway == g::jasmin) return core::sms::read_jasmin_answer(r.status, body);
  if (gateway == g::twilio) return core::sms::read_twilio_answer(r.status, body);
  return core::sms::read_shortcode_answer(r.status, body);
}

}  // namespace

SmsSender::SmsSender(const Config& config, core::store::GroupCommitWriter& writer)
    : config_(config), writer_(writer) {
  const auto& s = config.sms;
  any_gateway_sends_ =
      s.sends_through(g::kannel) || s.sends_through(g::jasmin) || s.sends_through(g::twilio) || s.sends_through(g::shortcode);
}

SmsSender::~SmsSender() { stop(); }

void SmsSender::stop() {
  stopping_ = true;
  thread_.stop();
}

void SmsSender::tick() {
  if (!any_gateway_sends_ || stopping_ || busy_.exchange(true)) return;
  thread_.run([this] {
    try {
      send_due();
    } catch (const std::exception& e) {
      std::cerr << "votercast: sms outbox: " << e.what() << std::endl;
    }
    ++passes_;
    busy_ = false;
  });
}

void SmsSender::send_due() {
  if (!reader_)
    reader_ = std::make_unique<core::store::Database>(config_.db, core::store::Database::Mode::read_only);
  const core::sms::RetryPolicy policy{std::int64_t{config_.sms.outbox.retry_seconds} * 1000,
                                      config_.sms.outbox.max_attempts};
  for (const auto& message : core::store::due_outbox(*reader_, core::now_ms(), kBatch)) {
    if (stopping_) return;
    const auto answer = attempt(message);
    const auto record = core::sms::after_attempt(message, answer, policy, core::now_ms());
    writer_.run([&](core::store::WriteContext& ctx) { core::store::record_outbox_attempt(ctx.db(), message.id, record); });
    if (record.state == core::sms::OutboxState::failed)
      std::cerr << "votercast: sms outbox: gave up the SMS for question " << message.question_id << " through "
                << message.gateway << ": " << record.last_error << std::endl;
  }
}

SendAnswer SmsSender::attempt(const core::sms::OutboxMessage& message) const {
  const auto request = send_request(config_.sms, message);
  if (!request)
    return {SendVerdict::failed, "", "the gateway '" + message.gateway + "' is not set up to send (see [sms." +
                                         message.gateway + "])"};
  HttpFetchOptions options;
  options.timeout = std::chrono::seconds(config_.sms.outbox.timeout_seconds);
  return read_answer(message.gateway, http_fetch({request->method, request->url, request->headers, request->body}, options));
}

}  // namespace votercast::web
