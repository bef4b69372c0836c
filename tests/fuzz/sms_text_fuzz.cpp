// What is done to an SMS's text (core/sms/): its keyword (keywords.hpp, with the default table
// and with one built from the input as a config file would), the diacritics stripped from
// replies (unaccented.hpp), and how much of an SMS it takes (gsm7.hpp).
// Input: the text, then keywords for a table ("KEYWORD" or "KEYWORD=its accented spelling").
// fuzz-links: votercast_core
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "core/sms/gsm7.hpp"
#include "core/sms/keywords.hpp"
#include "core/sms/unaccented.hpp"
#include "core/text.hpp"
#include "fuzz_check.hpp"
#include "fuzz_fields.hpp"

namespace {

using namespace votercast;
namespace sms = core::sms;

void check_refusal(const core::DomainError& e, std::string_view code) {
  FUZZ_CHECK(e.kind == core::ErrorKind::invalid_input && e.code == code, "expected " + std::string(code) + ", got " + e.code);
}

bool is_nfc(const std::string& utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  const bool yes = nfc->isNormalized(icu::UnicodeString::fromUTF8(utf8), err);
  return U_SUCCESS(err) && yes;
}

bool has_nonspacing_mark_or_dd(std::string_view utf8) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto n = static_cast<std::int32_t>(utf8.size());
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (u_charType(c) == U_NON_SPACING_MARK || c == 0x0110 || c == 0x0111) return true;
  }
  return false;
}

// The length of the code point starting at `at`.
std::size_t code_point_length(std::string_view utf8, std::size_t at) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(utf8.data());
  auto i = static_cast<std::int32_t>(at);
  UChar32 c;
  U8_NEXT(p, i, static_cast<std::int32_t>(utf8.size()), c);
  return static_cast<std::size_t>(i) - at;
}

void check_sms_size(const std::string& text) {
  const std::string cut = sms::truncate_to_one_sms(text);
  FUZZ_CHECK(text.starts_with(cut), "not a prefix");
  FUZZ_CHECK(sms::fits_one_sms(cut), "the cut text does not fit: " + cut);
  const bool fits = sms::fits_one_sms(text);
  FUZZ_CHECK(fits == (cut == text), "a text that fits is cut, or one that does not is kept");
  if (!fits && text.size() <= 1024) {  // the longest prefix that fits, whatever comes after it
    for (std::size_t end = cut.size(); end < text.size();) {
      end += code_point_length(text, end);
      FUZZ_CHECK(!sms::fits_one_sms(text.substr(0, end)), "cut shorter than it had to be: " + cut);
    }
  }
  const std::size_t units = sms::sms_units(text);
  const bool gsm7 = sms::sms_encoding(text) == sms::SmsEncoding::gsm7;
  FUZZ_CHECK(gsm7 == sms::is_gsm7(text), "encoding and is_gsm7 disagree");
  FUZZ_CHECK(fits == (units <= (gsm7 ? sms::kGsm7UnitsPerSms : sms::kUcs2UnitsPerSms)), "fits and units disagree");
}

void check_strip_diacritics(const std::string& text) {
  const std::string bare = sms::strip_diacritics(text);
  FUZZ_CHECK(core::text::is_valid_utf8(bare) && is_nfc(bare), "not NFC UTF-8: " + bare);
  FUZZ_CHECK(!has_nonspacing_mark_or_dd(bare), "a diacritic is left: " + bare);
  FUZZ_CHECK(sms::strip_diacritics(bare) == bare, "stripping twice changes it: " + bare);
}

void check_match(const sms::KeywordTable& table, const std::vector<std::string>& keywords, const std::string& text) {
  const sms::KeywordMatch m = table.match(text);
  const std::string normalized = core::text::normalize(text, /*keep_newlines=*/true);
  FUZZ_CHECK(core::text::is_valid_utf8(m.rest), "rest is not UTF-8");
  FUZZ_CHECK(normalized.ends_with(m.rest), "rest is not what follows the keyword: " + m.rest);
  if (m.keyword.empty()) {
    FUZZ_CHECK(m.rest == normalized, "no keyword, yet the text changed");
    FUZZ_CHECK(m.action == (table.unknown_rule() == sms::UnknownKeywordRule::help ? sms::SmsAction::help
                                                                                 : sms::SmsAction::question),
               "no keyword: the table's rule decides");
  } else {
    FUZZ_CHECK(std::find(keywords.begin(), keywords.end(), m.keyword) != keywords.end(), "not a keyword: " + m.keyword);
    FUZZ_CHECK(m.rest.size() < normalized.size(), "the keyword was not taken off: " + normalized);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto fields = fuzz::split_fields(data, size);
  const std::string& text = fields[0];
  static const sms::KeywordTable defaults = sms::KeywordTable::defaults();

  if (!core::text::is_valid_utf8(text)) {
    // Every entry point refuses it the same way (and never reads past it).
    try { sms::truncate_to_one_sms(text); FUZZ_CHECK(false, "gsm7 took invalid UTF-8"); }
    catch (const core::DomainError& e) { check_refusal(e, "invalid_encoding"); }
    try { sms::strip_diacritics(text); FUZZ_CHECK(false, "strip_diacritics took invalid UTF-8"); }
    catch (const core::DomainError& e) { check_refusal(e, "invalid_encoding"); }
    try { defaults.match(text); FUZZ_CHECK(false, "match took invalid UTF-8"); }
    catch (const core::DomainError& e) { check_refusal(e, "invalid_encoding"); }
    return 0;
  }
  check_sms_size(text);
  check_strip_diacritics(text);
  check_match(defaults, {"DT", "HOI", "BC"}, text);

  if (fields.size() > 1) {
    std::vector<sms::KeywordTable::Entry> entries;
    std::vector<std::string> keywords;
    for (std::size_t i = 1; i < fields.size(); ++i) {
      auto [keyword, accented] = fuzz::name_and_value(fields[i]);
      keywords.push_back(keyword);
      sms::KeywordTable::Entry e{keyword, i % 2 ? sms::SmsAction::question : sms::SmsAction::poll_vote};
      if (!accented.empty()) e.accented.push_back(accented);
      entries.push_back(std::move(e));
    }
    const auto rule = size % 2 ? sms::UnknownKeywordRule::accept : sms::UnknownKeywordRule::help;
    try {
      check_match(sms::KeywordTable(std::move(entries), rule), keywords, text);
    } catch (const core::DomainError& e) {
      FUZZ_CHECK(e.code == "keyword_invalid" || e.code == "keyword_duplicate", "undocumented code " + e.code);
    }
  }
  return 0;
}
