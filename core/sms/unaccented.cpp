#include "core/sms/unaccented.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <stdexcept>

#include "core/sms/gateway_fields.hpp"
#include "core/text.hpp"

namespace votercast::core::sms {
namespace {

const icu::Normalizer2& normalizer(bool decompose) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = decompose ? icu::Normalizer2::getNFDInstance(err) : icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err) || n == nullptr) throw std::runtime_error(std::string("ICU normalizer: ") + u_errorName(err));
  return *n;
}

}  // namespace

std::string strip_diacritics(std::string_view utf8) {
  if (!text::is_valid_utf8(utf8))
    reject("invalid_encoding", "Văn bản không phải UTF-8 hợp lệ / the text is not valid UTF-8");
  UErrorCode err = U_ZERO_ERROR;
  const icu::UnicodeString decomposed = normalizer(true).normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size()))), err);
  icu::UnicodeString bare;
  for (std::int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0111) {  // đ is a letter of its own, not d + a mark
      bare.append(UChar32{'d'});
    } else if (c == 0x0110) {
      bare.append(UChar32{'D'});
    } else {
      bare.append(c);
    }
  }
  const icu::UnicodeString composed = normalizer(false).normalize(bare, err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU normalization: ") + u_errorName(err));
  std::string out;
  return composed.toUTF8String(out);
}

}  // namespace votercast::core::sms
