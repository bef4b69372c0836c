#pragma once
// `votercast erase --phone NUMBER | --ticket CODE [--db FILE]`: one voter's personal data
// erased on request (core/desk/voter_erasure.hpp), beside the running server.
#include <string>

namespace votercast::web {

// Exactly one of phone and ticket is non-empty. Returns the exit code: 0 erased, 1 nothing
// found or the store failed, 2 bad input; the reason on standard error.
int erase_command(const std::string& db_path, const std::string& phone, const std::string& ticket);

}  // namespace votercast::web
