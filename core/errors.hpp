#pragma once
// Failures the domain reports to its callers; web maps each kind to an HTTP status.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace votercast::core {

// gone: it was there and is no more (an expired, used or revoked call link).
enum class ErrorKind { invalid_input, not_found, conflict, invalid_transition, forbidden, gone };

struct DomainError : std::runtime_error {
  ErrorKind kind;
  std::string code;                            // stable, machine-readable
  std::optional<std::int64_t> current_version; // with conflicts: what the caller should reload
  // With a question's version conflict: its state now and who changed it last, so
  // a console can say "already handled by X" instead of overwriting silently.
  std::string current_state;
  std::string changed_by;
  DomainError(ErrorKind k, std::string c, const std::string& message,
              std::optional<std::int64_t> version = std::nullopt)
      : std::runtime_error(message), kind(k), code(std::move(c)), current_version(version) {}
};

}  // namespace votercast::core
