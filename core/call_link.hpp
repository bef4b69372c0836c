#pragma once
// A video call-in's way in: a one-time link for one caller (/call/{token}), and a short
// code to read out on air that leads to the same link while it is valid. The token is
// known only to whoever holds the link: the store keeps its hash, as it does a staff
// session's, so a copied database file calls nobody in.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace votercast::core {

struct CallLink {
  std::int64_t id = 0;
  std::int64_t caller_id = 0;
  std::string token_hash;
  std::string code;  // 6 digits
  std::int64_t created_at_ms = 0;
  std::string created_by;
  std::int64_t expires_at_ms = 0;
  std::optional<std::int64_t> used_at_ms;  // when a phone first joined with it
  std::string seat_hash;                   // that phone's cookie, hashed ("" before)
  bool revoked = false;
};

enum class CallLinkStatus { open, used, expired, revoked };
// What the link is at now_ms: revoked before used, used before expired (a phone that
// joined keeps its seat past the link's age), expired before open.
CallLinkStatus status_of(const CallLink& link, std::int64_t now_ms);

// 32 random bytes, base64url without padding: 43 characters.
std::string new_call_token();
// What the store keeps instead (BLAKE2b-256, hex). For the seat cookie too.
std::string hash_call_token(std::string_view token);
bool looks_like_call_token(std::string_view text);
// Six decimal digits, uniform ("000000".."999999").
std::string new_call_code();
bool looks_like_call_code(std::string_view text);

// Vietnamese first, English beside: what a caller is told about a link that does not work.
std::string_view call_link_problem_message(CallLinkStatus status);

}  // namespace votercast::core
