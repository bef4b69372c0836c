#pragma once
// Replies without diacritics: every phone shows them, and they go as GSM-7 at 160 characters
// an SMS instead of UCS-2 at 70.
#include <string>
#include <string_view>

namespace votercast::core::sms {

// "Cảm ơn bạn! Đường ĐT743" -> "Cam on ban! Duong DT743": combining marks removed after
// canonical decomposition, đ/Đ made d/D; case, punctuation and everything else kept.
// Throws DomainError(invalid_input, "invalid_encoding") for invalid UTF-8.
std::string strip_diacritics(std::string_view utf8);

}  // namespace votercast::core::sms
