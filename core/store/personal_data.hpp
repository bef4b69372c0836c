#pragma once
// Where a voter's personal data lies in the store (names and phone numbers: personal data
// under Vietnam's Decree 13/2023), and the blanking of it that keeps everything else:
// question texts, states and counts, poll tallies, the audit trail's steps.
//  - questions.sender_name, questions.phone (and the copy of both in the question's events);
//  - callers.name, callers.phone (and the copy in caller.* events);
//  - sms_outbox.to_phone: blanked; a message not sent yet is cancelled, never sent;
//  - poll_votes.voter "sms:+84…": renamed to a random key, so the vote still counts once;
//  - sms_messages holds gateway message ids and our replies (no number, no name): kept, and
//    forgotten after sms.remember_days anyway.
// Each function runs inside the caller's write transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.hpp"

namespace votercast::core::store {

struct ErasedCounts {
  int questions = 0;
  int callers = 0;
  int poll_votes = 0;
  int outbox_cancelled = 0;  // pending messages that will not be sent
  int outbox_numbers = 0;    // outbox rows whose number was blanked (cancelled ones included)
  int events = 0;            // event payloads whose copy of a name or number was blanked
  bool any() const { return questions || callers || poll_votes || outbox_numbers || events; }
  ErasedCounts& operator+=(const ErasedCounts& o);
};

// The questions sent from `phone` (E.164). A scan: the column has no index, as every
// insert would pay for one; the erasure is a rare admin request.
std::vector<std::int64_t> questions_from_phone(Database& db, const std::string& phone);
// The question's phone ("" when it has none, or nullopt when there is no such question).
std::optional<std::string> phone_of_question(Database& db, std::int64_t question_id);

// Blanks the question's name and phone (and its events' copies of them), and its outbox
// messages' number, cancelling those not sent. Bumps its version: a console's older copy
// cannot write the name back unnoticed.
ErasedCounts erase_question_sender(Database& db, std::int64_t question_id, std::int64_t now_ms);
// Blanks the phone only (names were shown on air and may stay), with its outbox numbers.
ErasedCounts drop_question_phone(Database& db, std::int64_t question_id);
// Every caller logged with `phone`: name and number blanked, in their events too.
ErasedCounts erase_callers_by_phone(Database& db, const std::string& phone, std::int64_t now_ms);
// The SMS votes of `phone` in every poll, renamed to random keys.
ErasedCounts forget_sms_votes(Database& db, const std::string& phone);

// The key a forgotten voter's vote is kept under: unique, and tied to nobody.
std::string anonymous_voter_key();

}  // namespace votercast::core::store
