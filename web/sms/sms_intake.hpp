#pragma once
// What happens to a voter's SMS once a gateway's request is parsed, whichever gateway carried
// it: keyword, question or help, intake pause and rate limit, the store (once per message id)
// and the reply text, composed to fit one SMS.
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/poll_vote.hpp"
#include "core/sms/inbound_sms.hpp"
#include "core/sms/keywords.hpp"
#include "core/sms/rate_limiter.hpp"
#include "core/sms/sms_reply.hpp"
#include "core/desk/sms_submission.hpp"
#include "web/app_context.hpp"

namespace votercast::web {

class SmsIntake {
 public:
  using Done = std::function<void(std::exception_ptr, core::sms::SmsOutcome)>;

  explicit SmsIntake(AppContext& app);

  // `done` runs after the commit (on the io thread once the server runs), or with the error.
  void process(const core::sms::InboundSms& sms, Done done);

  // The polite answer to a message we could not take, by the parser's error code, or ""
  // when the code is not the voter's doing (a malformed request: the gateway's, or ours).
  std::string reply_to_unreadable(const std::string& code) const;

 private:
  std::string compose(const std::vector<std::string_view>& forms, core::sms::ReplyValues values) const;
  std::string vote_reply(core::store::WriteContext& ctx, const core::Vote& vote, const std::string& keyword,
                         core::VoteResult& counted) const;

  AppContext& app_;
  const SmsSettings& settings_;
  core::sms::KeywordTable keywords_;
  core::sms::SmsRateLimiter limiter_;
  std::string url_;  // public_url without a trailing slash
};

}  // namespace votercast::web
