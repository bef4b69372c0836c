#pragma once
// One voter SMS handed to the store (QuestionDesk::submit_sms), and what became of it. The
// message is processed once per idempotency key: a key seen before gets its stored outcome.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/question.hpp"
#include "core/store/group_commit_writer.hpp"

namespace votercast::core::sms {

struct SmsSubmission {
  std::string key;                   // idempotency_key(): gateway + ":" + message id
  std::string gateway;               // gateway::*
  std::optional<Question> question;  // prepared (intake.hpp); none when the message asks nothing (help, a vote)
  std::string reply;                 // the answer when no question is stored
  // Run on the writer, only for a key not seen before: a reply instead of going on (intake
  // paused, the sender over the rate limit), or nullopt. Deciding here, after the key check,
  // keeps a gateway's repeated deliveries from counting against the sender.
  std::function<std::optional<std::string>()> refuse;
  // The acknowledgement of a stored question, once it has its ticket.
  std::function<std::string(const Question&)> acknowledge;
  // Instead of a question: work done in the same transaction (a poll vote), returning the
  // reply. Like `refuse`, it runs only for a key not seen before.
  std::function<std::string(store::WriteContext&)> act;
};

struct SmsOutcome {
  std::optional<std::int64_t> question_id;  // the question this message stored (now or the first time)
  std::string reply;
  bool repeated = false;  // the key was processed before: this is the stored outcome
};

}  // namespace votercast::core::sms
