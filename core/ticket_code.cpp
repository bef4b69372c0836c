#include "core/ticket_code.hpp"

#include <sodium.h>

#include <cstdint>
#include <stdexcept>

namespace votercast::core {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford base32
static_assert(kAlphabet.size() == 32);

void ensure_sodium() {
  // sodium_init() is idempotent and thread-safe; the static just skips the call after the first.
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return true;
  }();
  (void)ready;
}

}  // namespace

std::string new_ticket_code() {
  ensure_sodium();
  // 40 random bits, 5 per character: exactly uniform, and one call to the CSPRNG
  // (each call may be a getrandom system call) instead of eight.
  static_assert(kTicketLength * 5 == 40);
  unsigned char bytes[5];
  randombytes_buf(bytes, sizeof bytes);
  std::uint64_t bits = 0;
  for (unsigned char b : bytes) bits = (bits << 8) | b;
  std::string code(kTicketLength, '0');
  for (std::size_t i = 0; i < kTicketLength; ++i) code[i] = kAlphabet[(bits >> (5 * i)) & 31];
  return code;
}

std::optional<std::string> canonical_ticket_code(std::string_view typed) {
  std::string code;
  for (char ch : typed) {
    if (ch == '-' || ch == ' ') continue;
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch == 'I' || ch == 'L') ch = '1';
    if (ch == 'O') ch = '0';
    if (kAlphabet.find(ch) == std::string_view::npos) return std::nullopt;  // U, punctuation, non-ASCII
    code += ch;
    if (code.size() > kTicketLength) return std::nullopt;
  }
  if (code.size() != kTicketLength) return std::nullopt;
  return code;
}

}  // namespace votercast::core
