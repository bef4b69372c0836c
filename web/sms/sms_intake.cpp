#include "web/sms/sms_intake.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "core/intake.hpp"
#include "core/desk/poll_desk.hpp"
#include "core/store/poll_table.hpp"
#include "core/sms/idempotency.hpp"
#include "core/sms/sms_reply.hpp"

namespace votercast::web {
namespace {

using core::sms::SmsAction;

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

SmsIntake::SmsIntake(AppContext& app)
    : app_(app),
      settings_(app.config.sms),
      keywords_(settings_.keyword_table()),
      limiter_({settings_.rate_messages, std::chrono::minutes(settings_.rate_per_minutes)}),
      url_(without_trailing_slash(app.config.public_url)) {}

std::string SmsIntake::compose(const std::vector<std::string_view>& forms, core::sms::ReplyValues values) const {
  values.emplace("url", url_);
  return core::sms::compose_sms_reply(forms, values, {settings_.replies.unaccented}).text;
}

std::string SmsIntake::reply_to_unreadable(const std::string& code) const {
  const auto& r = settings_.replies;
  if (code == "too_long")
    return compose({r.too_long}, {{"max_chars", std::to_string(core::sms::kMaxSmsTextChars)}});
  if (code == "missing_text" || code == "invalid_encoding" || code == "unsupported_coding" ||
      code == "unsupported_charset")
    return compose({r.unreadable}, {});
  return "";
}

void SmsIntake::process(const core::sms::InboundSms& sms, Done done) {
  const auto& r = settings_.replies;
  const core::sms::KeywordMatch match = keywords_.match(sms.text);
  core::sms::SmsSubmission s;
  auto counted = std::make_shared<core::VoteResult>();  // a vote's effect, for the live tally
  s.key = core::sms::idempotency_key(sms);
  s.gateway = sms.gateway;
  const bool asks = match.action == SmsAction::question && !match.rest.empty();
  if (asks) {
    core::Submission submission;
    submission.channel = core::Channel::sms;
    submission.phone = sms.from;
    submission.text = match.rest;
    s.question = core::prepare_question(submission, sms.received_at_ms);
    // The reply is made on the writer once the ticket is known; `this` outlives the writer's
    // jobs (the routes holding it are destroyed after the writer has stopped).
    s.acknowledge = [this](const core::Question& q) {
      const auto& templates = settings_.replies;
      return compose({templates.ticket, templates.ticket_short}, {{"ticket", q.ticket}});
    };
  } else if (match.action == SmsAction::poll_vote) {
    s.act = [this, vote = core::Vote{0, "sms:" + sms.from, match.rest, "sms"}, keyword = match.keyword,
             counted = counted](core::store::WriteContext& ctx) { return vote_reply(ctx, vote, keyword, *counted); };
  } else {
    s.reply = compose({r.help}, {});
  }
  s.refuse = [this, asks, sender = sms.from]() -> std::optional<std::string> {
    if (asks && app_.intake.paused) return compose({settings_.replies.paused}, {});
    const auto decision = limiter_.admit(sender);
    if (decision.allowed) return std::nullopt;
    const auto minutes = std::max<std::int64_t>(1, (decision.retry_after_ms + 59'999) / 60'000);
    return compose({settings_.replies.rate_limited}, {{"minutes", std::to_string(minutes)}});
  };
  app_.question_desk.submit_sms(std::move(s), "sms:" + sms.gateway,
                       [this, counted, done = std::move(done)](std::exception_ptr error, core::sms::SmsOutcome out) {
                         if (!error && !out.repeated) app_.poll_room.apply(*counted);
                         done(error, std::move(out));
                       });
}

// On the writer: the vote, or why not, as the reply. A vote that cannot count still gets
// its polite answer, and the message id is kept with it like any other.
std::string SmsIntake::vote_reply(core::store::WriteContext& ctx, const core::Vote& vote, const std::string& keyword,
                                  core::VoteResult& counted) const {
  const auto& r = settings_.replies;
  try {
    counted = core::vote_in_job(ctx, vote);
    return compose({counted.kept_earlier ? r.vote_kept : r.voted}, {{"option", counted.code}});
  } catch (const core::DomainError& e) {
    if (e.code != "unknown_option") return compose({r.no_poll}, {});
    std::string codes;
    if (const auto poll = core::store::current_open_poll(ctx.db()))
      for (const auto& o : poll->options) codes += (codes.empty() ? "" : ", ") + o.code;
    return compose({r.vote_unknown}, {{"keyword", keyword.empty() ? "BC" : keyword}, {"options", codes}});
  }
}

}  // namespace votercast::web
