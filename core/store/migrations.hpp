#pragma once
// Schema versions, recorded in PRAGMA user_version; each migration runs once, in
// its own transaction, in order.
#include <vector>

#include "core/store/database.hpp"

namespace votercast::core::store {

struct Migration {
  int version;
  const char* sql;
};

const std::vector<Migration>& schema_migrations();

int schema_version(Database& db);

// Applies what is missing and returns the resulting version. Refuses (throws) a
// file written by a newer votercast, rather than guessing at its schema.
int migrate(Database& db, const std::vector<Migration>& migrations = schema_migrations());

}  // namespace votercast::core::store
