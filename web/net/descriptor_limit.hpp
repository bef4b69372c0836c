#pragma once
// Every connection is a file descriptor: the connection caps only hold if the process
// may open that many, and systemd's default soft limit (1,024) is below the default cap.
#include <cstddef>
#include <string>

namespace votercast::web {

// Raises this process's soft limit on open files to its hard limit. Returns a warning
// for the log ("" when fine) when the limit is still below `needed`.
std::string raise_descriptor_limit(std::size_t needed);

}  // namespace votercast::web
