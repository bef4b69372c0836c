#pragma once
// A consistent copy of a live database file, taken with SQLite's online backup API while
// the server keeps writing. SQLite-specific by nature (a PostgreSQL store has pg_dump).
#include <string>

namespace votercast::core::store {

struct BackupOptions {
  // Pages copied per step. Between steps the copy yields (sleeps a little), so that a large
  // file is copied in many short reads rather than one long one.
  int pages_per_step = 256;
};

struct BackupResult {
  int pages = 0;
  int steps = 0;
};

// Copies the database at `source` to `target`: into a temporary file next to it (mode 0600,
// it holds the same personal data), checked with PRAGMA integrity_check, then renamed over
// `target`, so that `target` is either the old file or a whole, checked copy. The copy is
// the moment the command began: it reads one snapshot (WAL), which never holds off the
// writer, and which later commits do not restart. Throws std::runtime_error with a message
// fit for the operator: a missing or unwritable directory, a failed check.
BackupResult backup_database(const std::string& source, const std::string& target, BackupOptions options = {});

}  // namespace votercast::core::store
