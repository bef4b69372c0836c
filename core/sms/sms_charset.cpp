#include "core/sms/sms_charset.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>

#include "core/sms/gateway_fields.hpp"
#include "core/text.hpp"

namespace votercast::core::sms {
namespace {

[[noreturn]] void undecodable(const std::string& what) {
  reject("invalid_encoding", "Không giải mã được tin nhắn / cannot decode the message: " + what);
}

void append_utf8(std::string& out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  std::int32_t len = 0;
  U8_APPEND_UNSAFE(buf, len, c);
  out.append(buf, static_cast<std::size_t>(len));
}

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// ICU's converters substitute U+FFFD for bad bytes by default; stop instead.
std::string icu_to_utf8(std::string_view bytes, const std::string& charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err) || !conv)
    reject("unsupported_charset",
           "Bảng mã '" + charset + "' không được hỗ trợ / charset '" + charset + "' is not supported");
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  if (bytes.size() > INT32_MAX / 2) undecodable("message too large");
  std::u16string units(bytes.size() * 2 + 2, u'\0');
  const std::int32_t n = ucnv_toUChars(conv.get(), units.data(), static_cast<std::int32_t>(units.size()), bytes.data(),
                                       static_cast<std::int32_t>(bytes.size()), &err);
  if (U_FAILURE(err)) undecodable("not valid " + charset);
  std::string out;
  out.reserve(static_cast<std::size_t>(n) * 2);
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U16_NEXT(units.data(), i, n, c);
    // Some converters (UTF-7, SCSU, BOCU-1 …) hand over a surrogate they were sent alone,
    // which is no character and has no UTF-8.
    if (U_IS_SURROGATE(c)) undecodable("not valid " + charset + ": a lone surrogate");
    append_utf8(out, c);
  }
  return out;
}

}  // namespace

std::string utf16be_to_utf8(std::string_view bytes) {
  if (bytes.size() % 2 != 0) undecodable("UTF-16BE with an odd number of bytes (" + std::to_string(bytes.size()) + ")");
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  auto unit_at = [&](std::size_t i) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[i]) << 8 |
                                      static_cast<unsigned char>(bytes[i + 1]));
  };
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    const std::uint16_t unit = unit_at(i);
    if (U16_IS_TRAIL(unit)) undecodable("UTF-16BE low surrogate without a high one at byte " + std::to_string(i));
    if (!U16_IS_LEAD(unit)) {
      append_utf8(out, unit);
      continue;
    }
    if (i + 2 >= bytes.size() || !U16_IS_TRAIL(unit_at(i + 2)))
      undecodable("UTF-16BE high surrogate without a low one at byte " + std::to_string(i));
    append_utf8(out, U16_GET_SUPPLEMENTARY(unit, unit_at(i + 2)));
    i += 2;
  }
  return out;
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char ch : bytes) append_utf8(out, static_cast<unsigned char>(ch));
  return out;
}

std::string hex_to_bytes(std::string_view hex) {
  if (hex.size() % 2 != 0) undecodable("hexadecimal with an odd number of digits");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_digit(hex[i]), low = hex_digit(hex[i + 1]);
    if (high < 0 || low < 0) undecodable("not hexadecimal at position " + std::to_string(i));
    out += static_cast<char>(high << 4 | low);
  }
  return out;
}

std::string charset_to_utf8(std::string_view bytes, std::string_view charset) {
  const std::string name = upper_ascii(charset);
  if (name.empty()) reject("unsupported_charset", "Thiếu tên bảng mã / the charset is empty");
  if (name == "UTF-8" || name == "UTF8") {
    if (!text::is_valid_utf8(bytes)) undecodable("not valid UTF-8");
    return std::string(bytes);
  }
  // UCS-2 is UTF-16 without surrogates; decoding it as UTF-16 also reads what newer phones send.
  if (name == "UTF-16BE" || name == "UTF-16" || name == "UCS-2" || name == "UCS2" || name == "UCS-2BE" ||
      name == "ISO-10646-UCS-2")
    return utf16be_to_utf8(bytes);
  if (name == "ISO-8859-1" || name == "ISO8859-1" || name == "LATIN1" || name == "LATIN-1")
    return latin1_to_utf8(bytes);
  return icu_to_utf8(bytes, name);
}

}  // namespace votercast::core::sms
