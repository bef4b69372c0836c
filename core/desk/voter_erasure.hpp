#pragma once
// Erasure of one voter's personal data on request (Decree 13/2023): by the phone number they
// gave, or by a ticket of theirs (then by that question's number, which reaches all the rest
// they sent, or the one question when it has no number). See core/store/personal_data.hpp
// for what is blanked and what is kept. The erasure is logged as "privacy.erased" with its
// counts and the number masked: the log never holds the number it erased.
#include <cstdint>
#include <optional>
#include <string>

#include "core/store/group_commit_writer.hpp"
#include "core/store/personal_data.hpp"

namespace votercast::core {

struct ErasureRequest {
  std::optional<std::string> phone;         // E.164 (core::to_e164)
  std::optional<std::int64_t> question_id;  // a ticket's question
};

// What the erasure will touch, found on a read connection so that its scans hold no write
// lock (see store::VoterRows).
struct ErasurePlan {
  std::optional<std::int64_t> question_id;  // the ticket's question, when one was asked for
  bool question_found = false;
  std::string phone;                        // the number to erase ("" if none)
  store::VoterRows rows;
};

struct ErasureResult {
  bool found = false;      // the ticket named a question / the number was anywhere
  std::string phone;       // the number erased ("" when the question had none)
  store::ErasedCounts counts;
};

// First, outside the writer: on a read connection.
ErasurePlan plan_erasure(store::Database& reader, const ErasureRequest& request);
// Then in a writer job: does it all in the job's transaction (rows sent since the plan
// included), and emits the event when something was erased. actor: who asked ("cli").
ErasureResult erase_voter(store::WriteContext& ctx, const ErasurePlan& plan, const std::string& actor);

}  // namespace votercast::core
