#pragma once
// `votercast backup FILE [--db DB]`: a consistent copy of the database, while the server runs.
#include <string>

namespace votercast::web {

// Returns the process's exit code: 0, or 1 after saying why on standard error.
int backup_command(const std::string& db_path, const std::string& target);

}  // namespace votercast::web
