#include "web/sms/sms_answer_notices.hpp"

#include <iostream>

#include <nlohmann/json.hpp>

#include "core/question.hpp"
#include "core/sms/inbound_sms.hpp"
#include "core/sms/outbound_message.hpp"
#include "core/sms/sms_reply.hpp"
#include "core/store/question_table.hpp"
#include "core/store/sms_outbox_table.hpp"

namespace votercast::web {
namespace {

// question.updated with "change": "answered" (core/desk/question_desk.cpp: an agency's answer or
// one given on air).
bool answers_a_question(const core::Event& event) {
  if (event.type != "question.updated" || !event.question_id) return false;
  const auto payload = nlohmann::json::parse(event.payload, nullptr, /*allow_exceptions=*/false);
  return payload.is_object() && payload.value("change", "") == "answered";
}

constexpr int kSweepBatch = 1000;

}  // namespace

SmsAnswerNotices::SmsAnswerNotices(const Config& config, core::store::GroupCommitWriter& writer)
    : settings_(config.sms), url_(config.public_url), writer_(writer) {
  while (!url_.empty() && url_.back() == '/') url_.pop_back();
  namespace g = core::sms::gateway;
  any_gateway_sends_ = settings_.sends_through(g::kannel) || settings_.sends_through(g::jasmin) ||
                       settings_.sends_through(g::twilio) || settings_.sends_through(g::shortcode);
}

void SmsAnswerNotices::on_committed(const std::vector<core::Event>& events) {
  if (!any_gateway_sends_) return;
  for (const auto& event : events) {
    if (!answers_a_question(event)) continue;
    const auto id = *event.question_id;
    submit([this, id](core::store::WriteContext& ctx) { enqueue(ctx, id); },
           "question " + std::to_string(id));
  }
}

void SmsAnswerNotices::sweep() {
  if (!any_gateway_sends_) return;
  submit(
      [this](core::store::WriteContext& ctx) {
        const auto since = ctx.now_ms() - std::int64_t{kSweepDays} * 24 * 3600 * 1000;
        for (const auto id : core::store::answered_sms_questions_without_outbox(
                 ctx.db(), since, core::sms::outbox_purpose::answered, kSweepBatch))
          enqueue(ctx, id);
      },
      "the sweep at start");
}

void SmsAnswerNotices::enqueue(core::store::WriteContext& ctx, std::int64_t question_id) const {
  const auto q = core::store::load_question(ctx.db(), question_id);
  if (!q || q->state != core::QuestionState::answered || q->channel != core::Channel::sms || q->phone.empty()) return;
  const auto gateway = core::store::sms_gateway_of_question(ctx.db(), question_id);
  if (!gateway || !settings_.sends_through(*gateway)) return;
  core::sms::OutboxMessage m;
  m.question_id = question_id;
  m.purpose = core::sms::outbox_purpose::answered;
  m.gateway = *gateway;
  m.to = q->phone;
  m.text = compose(q->ticket);
  m.created_at_ms = ctx.now_ms();
  m.next_attempt_at_ms = ctx.now_ms();
  core::store::enqueue_outbox(ctx.db(), m);
}

std::string SmsAnswerNotices::compose(const std::string& ticket) const {
  const auto& r = settings_.replies;
  core::sms::ReplyOptions options;
  options.strip_diacritics = r.unaccented;
  return core::sms::compose_sms_reply({r.answered, r.answered_short}, {{"ticket", ticket}, {"url", url_}}, options)
      .text;
}

void SmsAnswerNotices::submit(core::store::GroupCommitWriter::Job job, std::string what) {
  writer_.submit(std::move(job), [what = std::move(what)](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      std::cerr << "votercast: sms outbox: could not enqueue the answer SMS for " << what << ": " << e.what()
                << std::endl;
    }
  });
}

}  // namespace votercast::web
