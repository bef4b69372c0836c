#include "web/cli/backup_command.hpp"

#include <iostream>
#include <stdexcept>

#include "core/store/online_backup.hpp"

namespace votercast::web {

int backup_command(const std::string& db_path, const std::string& target) {
  try {
    const auto result = core::store::backup_database(db_path, target);
    std::cout << "votercast: đã sao lưu " << db_path << " vào " << target << " (" << result.pages << " trang, "
              << result.steps << " bước; integrity_check ok)\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "votercast: sao lưu thất bại (backup failed): " << e.what() << "\n";
    return 1;
  }
}

}  // namespace votercast::web
