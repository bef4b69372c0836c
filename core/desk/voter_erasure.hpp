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

struct ErasureResult {
  bool found = false;      // the ticket named a question / the number was anywhere
  std::string phone;       // the number erased ("" when the question had none)
  store::ErasedCounts counts;
};

// For a writer job: does it all in the job's transaction, and emits the event when
// something was erased. actor: who asked ("cli").
ErasureResult erase_voter(store::WriteContext& ctx, const ErasureRequest& request, const std::string& actor);

}  // namespace votercast::core
