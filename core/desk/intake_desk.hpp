#pragma once
// The producer's intake switch: while paused, new public submissions are refused politely.
// Kept in the settings table, so that a restart keeps it; every change is an event.
#include <string>

#include "core/desk/desk_job.hpp"

namespace votercast::core {

class IntakeDesk {
 public:
  explicit IntakeDesk(store::GroupCommitWriter& writer) : writer_(writer) {}

  // Replies with the new state once committed.
  void set_paused(bool paused, std::string actor, Reply<bool> reply);
  // As stored: false when never set.
  static bool paused(store::Database& db);

 private:
  store::GroupCommitWriter& writer_;
};

// {"paused": true|false}: the event's payload and the API's answer.
std::string intake_json_text(bool paused);

}  // namespace votercast::core
