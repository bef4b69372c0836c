#pragma once
// The database holds staff password hashes, session tokens, keys and voters' phone
// numbers: its file and its directory are the server account's alone.
#include <string>

namespace votercast::core::store {

// Creates the missing directories of `path` with mode 0700 and the file itself (empty,
// for SQLite to fill) with mode 0600. A file already there that others may read is
// narrowed to 0600, with its -wal and -shm, which SQLite creates with the file's mode.
// ":memory:" and "" (SQLite's temporary databases) are left alone.
void make_private_database_file(const std::string& path);

}  // namespace votercast::core::store
