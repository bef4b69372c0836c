#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

inline constexpr std::size_t kTicketLength = 8;  // Crockford base32, 5 bits each: 40 bits

// A question's ticket is its id under a secret keyed permutation of the 40-bit
// space (a 10-round Feistel network, SipHash-2-4 as the round function, like
// NIST's FF1 format-preserving encryption with a different round function).
// Without the key, one's own tickets say nothing about anyone else's; and because
// the code maps back to the id, looking a ticket up is a primary-key read: the store
// keeps no index of random codes, which cost every insert a random page write.
class TicketCipher {
 public:
  using Key = std::array<unsigned char, 16>;
  static constexpr std::int64_t kMaxId = (std::int64_t{1} << 40) - 1;

  explicit TicketCipher(const Key& key) : key_(key) {}
  static Key random_key();  // from libsodium's CSPRNG

  // id in [1, kMaxId].
  std::string code_for(std::int64_t id) const;
  // The id a canonical code stands for (see canonical_ticket_code); nullopt for 0.
  std::optional<std::int64_t> id_for(std::string_view canonical_code) const;

 private:
  std::uint32_t round(int index, std::uint32_t half) const;
  Key key_;
};

// What a voter types back, in canonical form: case-insensitive, hyphens and spaces
// ignored, I/L read as 1 and O as 0. nullopt if it cannot be a ticket code.
std::optional<std::string> canonical_ticket_code(std::string_view typed);

}  // namespace votercast::core
