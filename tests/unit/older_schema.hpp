#pragma once
// A database as an older votercast left it: migrated up to `version` and no further, for
// the tests that upgrade it. Returns the version it is at.
#include <vector>

#include "core/store/migrations.hpp"

inline int migrate_up_to(votercast::core::store::Database& db, int version) {
  using votercast::core::store::Migration;
  const auto& all = votercast::core::store::schema_migrations();
  return votercast::core::store::migrate(db, std::vector<Migration>(all.begin(), all.begin() + version));
}
