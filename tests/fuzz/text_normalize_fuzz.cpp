// Voter text normalization (core/text.hpp normalize): every question, name and SMS goes through
// it before it is stored, so its promises are checked on its output, both with and without
// newlines kept, on the fast paths and the rewriting one.
// fuzz-links: votercast_core
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace votercast;

bool is_nfc(const std::string& utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  const bool yes = nfc->isNormalized(icu::UnicodeString::fromUTF8(utf8), err);
  return U_SUCCESS(err) && yes;
}

bool is_space(UChar32 c) { return c == ' ' || (c >= '\t' && c <= '\r') || u_isUWhiteSpace(c); }

std::vector<UChar32> code_points(std::string_view utf8) {
  std::vector<UChar32> out;
  const auto* p = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto n = static_cast<std::int32_t>(utf8.size());
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(c);
  }
  return out;
}

void check_normalized(const std::string& out, bool keep_newlines) {
  const std::string mode = keep_newlines ? " (newlines kept)" : "";
  FUZZ_CHECK(core::text::is_valid_utf8(out), "not UTF-8" + mode);
  FUZZ_CHECK(is_nfc(out), "not NFC" + mode + ": " + out);
  const std::vector<UChar32> cps = code_points(out);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const UChar32 c = cps[i];
    const bool first = i == 0, last = i + 1 == cps.size();
    if (c == '\n') {
      FUZZ_CHECK(keep_newlines, "a newline kept" + mode);
      FUZZ_CHECK(!first && !last, "a leading or trailing newline" + mode);
      FUZZ_CHECK(!(i >= 2 && cps[i - 1] == '\n' && cps[i - 2] == '\n'), "more than one blank line" + mode);
      FUZZ_CHECK(cps[i - 1] != ' ' && cps[i + 1] != ' ', "a space beside a line break" + mode);
      continue;
    }
    if (is_space(c)) {
      FUZZ_CHECK(c == ' ', "whitespace other than one space" + mode + ": U+" + std::to_string(c));
      FUZZ_CHECK(!first && !last, "not trimmed" + mode + ": [" + out + "]");
      FUZZ_CHECK(cps[i - 1] != ' ', "a run of spaces" + mode);
      continue;
    }
    const auto type = u_charType(c);
    FUZZ_CHECK(type != U_CONTROL_CHAR, "a control character" + mode + ": U+" + std::to_string(c));
    // A zero-width joiner may stay inside an emoji sequence; no other format character may.
    if (type == U_FORMAT_CHAR)
      FUZZ_CHECK(c == 0x200D && !first && !last, "a format character" + mode + ": U+" + std::to_string(c));
  }
  FUZZ_CHECK(core::text::normalize(out, keep_newlines) == out, "normalizing twice changes it" + mode + ": " + out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const bool valid = core::text::is_valid_utf8(input);
  for (bool keep_newlines : {false, true}) {
    std::string out;
    try {
      out = core::text::normalize(input, keep_newlines);
    } catch (const core::text::TextError&) {
      FUZZ_CHECK(!valid, "valid UTF-8 refused");
      continue;
    }
    FUZZ_CHECK(valid, "invalid UTF-8 taken");
    check_normalized(out, keep_newlines);
    FUZZ_CHECK(core::text::length_chars(out) == code_points(out).size(), "length_chars miscounts");
  }
  return 0;
}
