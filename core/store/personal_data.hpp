#pragma once
// Where a voter's personal data lies in the store (names and phone numbers: personal data
// under Vietnam's Decree 13/2023), and the blanking of it that keeps everything else:
// question texts, states and counts, poll tallies, the audit trail's steps.
//  - questions.sender_name, questions.phone (and the copy of both in the question's events);
//  - callers.name, callers.phone, callers.notes (and the copy in caller.* events);
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
  std::vector<std::int64_t> question_ids;  // the questions and callers whose row changed
  std::vector<std::int64_t> caller_ids;
  bool any() const { return questions || callers || poll_votes || outbox_numbers || events; }
  ErasedCounts& operator+=(const ErasedCounts& o);
};

// Where one number's rows lie, found on a read connection before the erasure's write job:
// questions.phone and the caller events have no index (every insert would pay for one),
// and a scan of a national show's tables must not hold the write lock the live show needs.
// The write job then touches these rows by key, and only scans what came after `*_upto`.
struct VoterRows {
  std::vector<std::int64_t> questions;
  std::vector<std::int64_t> callers;
  std::vector<std::int64_t> caller_events;  // seqs of caller.* events naming those callers
  std::int64_t questions_upto = 0;          // the highest id (or seq) when they were read
  std::int64_t callers_upto = 0;
  std::int64_t events_upto = 0;
};
VoterRows find_voter_rows(Database& reader, const std::string& phone);

// The question's phone ("" when it has none, or nullopt when there is no such question).
std::optional<std::string> phone_of_question(Database& db, std::int64_t question_id);

// Blanks the question's name and phone (and its events' copies of them), and its outbox
// messages' number, cancelling those not sent. Bumps its version: a console's older copy
// cannot write the name back unnoticed.
ErasedCounts erase_question_sender(Database& db, std::int64_t question_id, std::int64_t now_ms);
// Blanks the phone only (names were shown on air and may stay), with its outbox numbers.
ErasedCounts drop_question_phone(Database& db, std::int64_t question_id);
// A caller's call links sent by SMS: those not sent yet never will be, and every one loses
// the number (outbox_cancelled, outbox_numbers).
ErasedCounts drop_caller_link_sms(Database& db, std::int64_t caller_id);
// The questions sent from `phone`: those found, still with it, and any sent since.
ErasedCounts erase_questions_by_phone(Database& db, const std::string& phone, const VoterRows& found,
                                      std::int64_t now_ms);
// Every caller logged with `phone` (found, or logged since): name, number and the
// screener's notes blanked, in their events too.
ErasedCounts erase_callers_by_phone(Database& db, const std::string& phone, const VoterRows& found,
                                    std::int64_t now_ms);
// The SMS votes of `phone` in every poll, renamed to random keys.
ErasedCounts forget_sms_votes(Database& db, const std::string& phone);

// The vote `voter` cast in the poll, kept under an anonymous key; returns 1 if there was one.
int anonymize_vote(Database& db, std::int64_t poll_id, const std::string& voter);
// The key a forgotten voter's vote is kept under: unique, and tied to nobody.
std::string anonymous_voter_key();

}  // namespace votercast::core::store
