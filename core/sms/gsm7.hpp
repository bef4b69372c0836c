#pragma once
// How much of one SMS a text takes. A text every character of which is in the GSM 03.38
// default alphabet goes as 7-bit septets, 160 to an SMS, the extension-table characters
// ^ { } \ [ ~ ] | € taking two (escape + character); any other character sends the whole text
// as UCS-2, 70 UTF-16 code units to an SMS. One Vietnamese diacritic is enough for that.
#include <cstddef>
#include <string>
#include <string_view>

namespace votercast::core::sms {

enum class SmsEncoding { gsm7, ucs2 };

inline constexpr std::size_t kGsm7UnitsPerSms = 160;
inline constexpr std::size_t kUcs2UnitsPerSms = 70;

// Inputs are UTF-8; invalid UTF-8 throws DomainError(invalid_input, "invalid_encoding").
bool is_gsm7(std::string_view utf8);
SmsEncoding sms_encoding(std::string_view utf8);
// Septets for GSM-7 text, UTF-16 code units otherwise.
std::size_t sms_units(std::string_view utf8);
bool fits_one_sms(std::string_view utf8);

// The longest prefix of `utf8` that fits one SMS (in whichever encoding the prefix needs), cut
// between code points: never inside a UTF-8 sequence, an escape pair or a surrogate pair.
std::string truncate_to_one_sms(std::string_view utf8);

}  // namespace votercast::core::sms
