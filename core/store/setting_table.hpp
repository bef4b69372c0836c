#pragma once
// Named switches kept in the database file, so that a restart does not undo them.
#include <cstdint>
#include <optional>
#include <string>

#include "core/store/database.hpp"

namespace votercast::core::store {

struct Setting {
  std::string value;
  std::int64_t changed_at_ms = 0;
  std::string changed_by;
};

std::optional<Setting> load_setting(Database& db, const std::string& name);
void save_setting(Database& db, const std::string& name, const Setting& setting);

}  // namespace votercast::core::store
