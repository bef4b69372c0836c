#include "core/store/setting_table.hpp"

namespace votercast::core::store {

std::optional<Setting> load_setting(Database& db, const std::string& name) {
  auto& s = db.prepare("SELECT value, changed_at, changed_by FROM settings WHERE name = ?");
  s.bind(1, name);
  return s.first([](const Statement& row) { return Setting{row.text(0), row.int64(1), row.text(2)}; });
}

void save_setting(Database& db, const std::string& name, const Setting& setting) {
  db.prepare(
        "INSERT INTO settings(name, value, changed_at, changed_by) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, "
        "changed_by = excluded.changed_by")
      .bind(1, name)
      .bind(2, setting.value)
      .bind(3, setting.changed_at_ms)
      .bind(4, setting.changed_by)
      .run();
}

}  // namespace votercast::core::store
