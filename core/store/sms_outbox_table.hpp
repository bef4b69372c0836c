#pragma once
// The outbox of SMS votercast sends voters (core/sms/outbound_message.hpp), and the two
// questions it asks of the rest of the store: which gateway a question came through, and
// which answered SMS questions have no outbox row yet.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/sms/outbound_message.hpp"
#include "core/sms/outbound_retry.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

// Adds the message unless one for its (question_id, purpose), or its call link, is there;
// true when added.
bool enqueue_outbox(Database& db, const sms::OutboxMessage& message);
// Pending messages whose next attempt is due at `now_ms`, the longest waiting first.
std::vector<sms::OutboxMessage> due_outbox(Database& db, std::int64_t now_ms, int limit);
// The newest first, of one state or all.
std::vector<sms::OutboxMessage> list_outbox(Database& db, std::optional<sms::OutboxState> state, int limit);
std::optional<sms::OutboxMessage> load_outbox(Database& db, std::int64_t question_id, std::string_view purpose);
// How many in each state ("pending", "sent", "failed"); states with none are absent.
std::map<std::string, std::int64_t> count_outbox(Database& db);
// Writes one attempt's result; only a pending message changes (false otherwise).
bool record_outbox_attempt(Database& db, std::int64_t id, const sms::AttemptRecord& attempt);

// The gateway an SMS question came through: its message's record, or (once that is
// forgotten after sms.remember_days) the actor "sms:<gateway>" that created it.
std::optional<std::string> sms_gateway_of_question(Database& db, std::int64_t question_id);
// SMS questions answered at or after `since_ms` without an outbox row for `purpose`.
std::vector<std::int64_t> answered_sms_questions_without_outbox(Database& db, std::int64_t since_ms,
                                                                std::string_view purpose, int limit);

}  // namespace votercast::core::store
