#pragma once
// The bytes of a message in the encodings SMS gateways hand over, to UTF-8. Malformed bytes
// are DomainError(invalid_input, "invalid_encoding"), an unknown charset "unsupported_charset":
// a message we cannot read is refused loudly rather than stored as mojibake.
#include <string>
#include <string_view>

namespace votercast::core::sms {

// UCS-2 / UTF-16 big-endian, as SMPP carries data_coding 8: surrogate pairs combine, an odd
// number of bytes or an unpaired surrogate is an error.
std::string utf16be_to_utf8(std::string_view bytes);

// ISO-8859-1: every byte is the code point of the same number.
std::string latin1_to_utf8(std::string_view bytes);

// "48656c6c6f" -> "Hello" (either case), as Jasmin's `binary` field.
std::string hex_to_bytes(std::string_view hex);

// By charset name, case-insensitive: UTF-8 (checked), UTF-16BE / UCS-2, ISO-8859-1 by hand,
// anything else ICU knows (WINDOWS-1252, WINDOWS-1258 …) through ICU, strictly.
std::string charset_to_utf8(std::string_view bytes, std::string_view charset);

}  // namespace votercast::core::sms
