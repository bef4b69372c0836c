#include "core/ticket_code.hpp"

#include <sodium.h>

#include <stdexcept>

namespace votercast::core {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford base32
static_assert(kAlphabet.size() == 32);
static_assert(kTicketLength * 5 == 40);
constexpr int kRounds = 10;
constexpr std::uint32_t kHalfMask = (1u << 20) - 1;

void ensure_sodium() {
  // sodium_init() is idempotent and thread-safe; the static just skips the call after the first.
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return true;
  }();
  (void)ready;
}

int alphabet_index(char ch) { return static_cast<int>(kAlphabet.find(ch)); }

}  // namespace

TicketCipher::Key TicketCipher::random_key() {
  ensure_sodium();
  Key key;
  randombytes_buf(key.data(), key.size());
  return key;
}

std::uint32_t TicketCipher::round(int index, std::uint32_t half) const {
  static_assert(crypto_shorthash_KEYBYTES == std::tuple_size_v<Key>);
  const unsigned char input[4] = {static_cast<unsigned char>(index), static_cast<unsigned char>(half >> 16),
                                  static_cast<unsigned char>(half >> 8), static_cast<unsigned char>(half)};
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, input, sizeof input, key_.data());
  return (std::uint32_t{out[0]} | std::uint32_t{out[1]} << 8 | std::uint32_t{out[2]} << 16) & kHalfMask;
}

std::string TicketCipher::code_for(std::int64_t id) const {
  if (id < 1 || id > kMaxId) throw std::out_of_range("ticket: id out of the 40-bit range");
  auto left = static_cast<std::uint32_t>(id >> 20) & kHalfMask;
  auto right = static_cast<std::uint32_t>(id) & kHalfMask;
  for (int i = 0; i < kRounds; ++i) {
    const auto next = left ^ round(i, right);
    left = right;
    right = next;
  }
  const std::uint64_t bits = std::uint64_t{left} << 20 | right;
  std::string code(kTicketLength, '0');
  for (std::size_t i = 0; i < kTicketLength; ++i) code[kTicketLength - 1 - i] = kAlphabet[(bits >> (5 * i)) & 31];
  return code;
}

std::optional<std::int64_t> TicketCipher::id_for(std::string_view canonical_code) const {
  if (canonical_code.size() != kTicketLength) return std::nullopt;
  std::uint64_t bits = 0;
  for (char ch : canonical_code) {
    const int v = alphabet_index(ch);
    if (v < 0) return std::nullopt;
    bits = bits << 5 | static_cast<std::uint64_t>(v);
  }
  auto left = static_cast<std::uint32_t>(bits >> 20) & kHalfMask;
  auto right = static_cast<std::uint32_t>(bits) & kHalfMask;
  for (int i = kRounds - 1; i >= 0; --i) {
    const auto previous = right ^ round(i, left);
    right = left;
    left = previous;
  }
  const auto id = static_cast<std::int64_t>(std::uint64_t{left} << 20 | right);
  if (id == 0) return std::nullopt;
  return id;
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
