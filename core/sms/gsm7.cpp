#include "core/sms/gsm7.hpp"

#include <unicode/utf8.h>

#include <cstdint>
#include <string_view>

#include "core/sms/gateway_fields.hpp"

namespace votercast::core::sms {
namespace {

// GSM 03.38: the default alphabet is ASCII's printable characters but ` and the extension
// table's, plus LF, CR and these; the extension table's characters take two septets.
constexpr std::u16string_view kDefaultAlphabetBeyondAscii = u"£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";
constexpr std::u16string_view kExtensionTable = u"^{}\\[~]|€";

// Septets a code point takes, 0 if GSM-7 has no place for it.
int gsm7_septets(UChar32 c) {
  if (c > 0xFFFF) return 0;
  const auto unit = static_cast<char16_t>(c);
  if (kExtensionTable.find(unit) != std::u16string_view::npos) return 2;
  if (c < 0x80) return c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7F && c != '`') ? 1 : 0;
  return kDefaultAlphabetBeyondAscii.find(unit) != std::u16string_view::npos ? 1 : 0;
}

struct Cursor {
  const std::uint8_t* p;
  std::int32_t n;
  std::int32_t i = 0;

  explicit Cursor(std::string_view s)
      : p(reinterpret_cast<const std::uint8_t*>(s.data())), n(static_cast<std::int32_t>(s.size())) {}
  bool done() const { return i >= n; }
  UChar32 next() {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) reject("invalid_encoding", "Tin trả lời không phải UTF-8 hợp lệ / the reply is not valid UTF-8");
    return c;
  }
};

struct Size {
  bool gsm7 = true;
  std::size_t septets = 0;
  std::size_t utf16_units = 0;

  void add(UChar32 c) {
    const int septets_of_c = gsm7_septets(c);
    if (septets_of_c == 0) gsm7 = false;
    septets += static_cast<std::size_t>(septets_of_c);
    utf16_units += c > 0xFFFF ? 2 : 1;
  }
  bool fits() const { return gsm7 ? septets <= kGsm7UnitsPerSms : utf16_units <= kUcs2UnitsPerSms; }
};

Size size_of(std::string_view utf8) {
  Size size;
  for (Cursor cur(utf8); !cur.done();) size.add(cur.next());
  return size;
}

}  // namespace

bool is_gsm7(std::string_view utf8) { return size_of(utf8).gsm7; }

SmsEncoding sms_encoding(std::string_view utf8) { return is_gsm7(utf8) ? SmsEncoding::gsm7 : SmsEncoding::ucs2; }

std::size_t sms_units(std::string_view utf8) {
  const Size size = size_of(utf8);
  return size.gsm7 ? size.septets : size.utf16_units;
}

bool fits_one_sms(std::string_view utf8) { return size_of(utf8).fits(); }

std::string truncate_to_one_sms(std::string_view utf8) {
  Size size;
  std::size_t fitting = 0;  // bytes of the longest prefix known to fit
  bool cut = false;
  // Read to the end even past the cut: invalid UTF-8 anywhere is refused, as the header says.
  for (Cursor cur(utf8); !cur.done();) {
    size.add(cur.next());
    // A prefix that stops fitting never fits again: UCS-2 text only grows, and GSM-7 text past
    // 160 septets is more than 80 UTF-16 units should it turn UCS-2.
    if (!cut && !size.fits()) cut = true;
    if (!cut) fitting = static_cast<std::size_t>(cur.i);
  }
  return std::string(utf8.substr(0, fitting));
}

}  // namespace votercast::core::sms
