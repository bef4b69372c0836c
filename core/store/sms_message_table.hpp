#pragma once
// The SMS already processed, by idempotency key (core/sms/idempotency.hpp): what a gateway's
// repeated delivery is answered with.
#include <cstdint>
#include <optional>
#include <string>

#include "core/sms/idempotency.hpp"
#include "core/store/database.hpp"

namespace votercast::core::store {

std::optional<sms::ProcessedSms> load_processed_sms(Database& db, const std::string& key);
// Throws DatabaseError (a constraint) when the key is there already: check first, in the same job.
void insert_processed_sms(Database& db, const sms::ProcessedSms& processed, const std::string& gateway);
// Forgets the messages received before `before_ms`; returns how many.
int forget_processed_sms(Database& db, std::int64_t before_ms);

}  // namespace votercast::core::store
