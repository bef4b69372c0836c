#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

inline constexpr std::size_t kTicketLength = 8;

// 8 characters of Crockford base32 (no I, L, O, U) from libsodium's CSPRNG: 40 bits.
std::string new_ticket_code();

// What a voter types back, in canonical form: case-insensitive, hyphens and spaces
// ignored, I/L read as 1 and O as 0. nullopt if it cannot be a ticket code.
std::optional<std::string> canonical_ticket_code(std::string_view typed);

}  // namespace votercast::core
