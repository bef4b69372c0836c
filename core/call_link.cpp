#include "core/call_link.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace votercast::core {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kTokenChars = 43;  // base64url of 32 bytes, no padding

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialized");
}

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

CallLinkStatus status_of(const CallLink& link, std::int64_t now_ms) {
  if (link.revoked) return CallLinkStatus::revoked;
  if (link.used_at_ms) return CallLinkStatus::used;
  if (now_ms >= link.expires_at_ms) return CallLinkStatus::expired;
  return CallLinkStatus::open;
}

std::string new_call_token() {
  ensure_sodium();
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string hash_call_token(std::string_view token) {
  ensure_sodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool looks_like_call_token(std::string_view text) {
  return text.size() == kTokenChars && std::all_of(text.begin(), text.end(), is_base64url);
}

std::string new_call_code() {
  ensure_sodium();
  std::string code = std::to_string(randombytes_uniform(1000000));
  return std::string(6 - code.size(), '0') + code;
}

bool looks_like_call_code(std::string_view text) {
  return text.size() == 6 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view call_link_problem_message(CallLinkStatus status) {
  switch (status) {
    case CallLinkStatus::open: return "";
    case CallLinkStatus::used:
      return "Liên kết gọi video này đã được dùng trên một thiết bị khác. Xin liên hệ ban biên tập để nhận "
             "liên kết mới. / This call link has already been used on another device.";
    case CallLinkStatus::expired:
      return "Liên kết gọi video này đã hết hạn. Xin liên hệ ban biên tập để nhận liên kết mới. / This call "
             "link has expired.";
    case CallLinkStatus::revoked:
      return "Liên kết gọi video này đã bị hủy. Xin liên hệ ban biên tập để nhận liên kết mới. / This call "
             "link was cancelled.";
  }
  return "";
}

}  // namespace votercast::core
