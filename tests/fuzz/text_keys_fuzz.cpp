// The keys voter text is searched and grouped by (core/text.hpp): fold_key (the archive's and
// the queue's diacritic-free search), words, near_duplicate_key and similarity (clusters of
// the same question), and the writer's index of near-duplicate keys
// (core/desk/near_duplicate_index.hpp). Input: a text, then a second one to compare it with.
// fuzz-links: votercast_core
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/desk/near_duplicate_index.hpp"
#include "core/text.hpp"
#include "fuzz_check.hpp"
#include "fuzz_fields.hpp"

namespace {

using namespace votercast;
namespace text = core::text;

// Appended to a text, this sends words() down its whole-text path (a lone combining mark is
// not inert under NFKC_Casefold) and adds no word (a mark alone folds to nothing): the fast
// per-code-point path must split every text exactly as that path does.
constexpr std::string_view kWholeTextPath = " \xCC\x81";  // U+0301

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const auto space = s.find(' ');
    out.push_back(s.substr(0, space));
    s = space == std::string_view::npos ? std::string_view{} : s.substr(space + 1);
  }
  return out;
}

bool same_words(const std::vector<text::Word>& a, const std::vector<text::Word>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].lower != b[i].lower || a[i].folded != b[i].folded) return false;
  return true;
}

bool has_diacritic_or_upper(std::string_view utf8) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto n = static_cast<std::int32_t>(utf8.size());
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if ((U_GET_GC_MASK(c) & (U_GC_MN_MASK | U_GC_ME_MASK)) != 0 || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

void check_keys(const std::string& t) {
  const std::vector<text::Word> words = text::words(t);
  const std::string key = text::fold_key(t);
  FUZZ_CHECK(text::is_valid_utf8(key), "fold_key is not UTF-8");
  FUZZ_CHECK(!has_diacritic_or_upper(key), "fold_key keeps a diacritic or a capital: " + key);
  const auto key_words = split_spaces(key);
  FUZZ_CHECK(key_words.size() == words.size(), "fold_key is not the words' folded forms: " + key);
  for (std::size_t i = 0; i < words.size(); ++i) {
    FUZZ_CHECK(!words[i].lower.empty() && !words[i].folded.empty(), "an empty word");
    FUZZ_CHECK(key_words[i] == words[i].folded, "fold_key is not the words' folded forms: " + key);
    FUZZ_CHECK(words[i].lower.find(' ') == std::string::npos, "a word with a space");
  }

  const std::string with_mark = t + std::string(kWholeTextPath);
  FUZZ_CHECK(same_words(text::words(with_mark), words), "the two ways of splitting disagree on: " + t);
  FUZZ_CHECK(text::fold_key(with_mark) == key, "the two ways of folding disagree on: " + t);

  // Sorted, distinct, each a piece of a folded word (split where letters meet digits).
  const std::string near = text::near_duplicate_key(t);
  FUZZ_CHECK(text::near_duplicate_key(with_mark) == near, "near-duplicate keys differ by path: " + t);
  const auto near_words = split_spaces(near);
  for (std::size_t i = 0; i < near_words.size(); ++i) {
    FUZZ_CHECK(!near_words[i].empty(), "an empty word in the near-duplicate key: [" + near + "]");
    FUZZ_CHECK(i == 0 || near_words[i - 1] < near_words[i], "near-duplicate key not sorted and distinct: " + near);
    FUZZ_CHECK(key.find(near_words[i]) != std::string::npos, "near-duplicate word not in the text: " + near);
  }
  FUZZ_CHECK(text::similarity(t, t) == 1.0, "a text is not like itself");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto fields = fuzz::split_fields(data, size);
  const std::string& a = fields[0];
  const std::string b = fields.size() > 1 ? fields[1] : std::string("Đường ĐT743 khi nào sửa?");
  const bool a_valid = text::is_valid_utf8(a), b_valid = text::is_valid_utf8(b);

  for (const std::string* t : {&a, &b}) {
    try {
      check_keys(*t);
    } catch (const text::TextError&) {
      FUZZ_CHECK(!text::is_valid_utf8(*t), "valid UTF-8 refused");
    }
  }

  try {
    const double s = text::similarity(a, b);
    FUZZ_CHECK(a_valid && b_valid, "invalid UTF-8 compared");
    FUZZ_CHECK(s >= 0.0 && s <= 1.0 && s == text::similarity(b, a), "similarity out of [0, 1] or not symmetric");
    FUZZ_CHECK((s == 1.0) == (text::near_duplicate_key(a) == text::near_duplicate_key(b)),
               "similarity 1 exactly when the near-duplicate keys agree");
  } catch (const text::TextError&) {
    FUZZ_CHECK(!a_valid || !b_valid, "valid UTF-8 refused");
  }

  // One Words reused (as the per-thread scratch is) splits each text as a fresh one does.
  if (a_valid && b_valid) {
    text::Words reused;
    for (const std::string* t : {&a, &b, &a}) {
      reused.split(*t);
      const auto fresh = text::words(*t);
      FUZZ_CHECK(reused.size() == fresh.size(), "a reused Words splits differently");
      for (std::size_t i = 0; i < fresh.size(); ++i)
        FUZZ_CHECK(reused[i].lower == fresh[i].lower && reused[i].folded == fresh[i].folded, "a reused Words differs");
      FUZZ_CHECK(reused.unaccented() == text::is_unaccented(fresh), "unaccented differs");
      FUZZ_CHECK(text::fold_key(reused) == text::fold_key(*t), "fold_key of a split text differs");
    }
    // The writer's index: newest first, never more than it keeps, nothing for an empty key.
    core::NearDuplicateIndex index;
    index.reset(1);
    std::int64_t id = 0;
    for (const std::string* t : {&a, &b, &a, &b, &a}) index.remember(text::near_duplicate_key(*t), ++id);
    const auto ids = index.newest_first(text::near_duplicate_key(a));
    if (text::near_duplicate_key(a).empty()) {
      FUZZ_CHECK(ids.empty(), "an empty key remembered");
    } else {
      FUZZ_CHECK(!ids.empty() && ids.front() == 5 && ids.size() <= 8, "not newest first");
      for (std::size_t i = 1; i < ids.size(); ++i) FUZZ_CHECK(ids[i - 1] > ids[i], "not newest first");
    }
  }
  return 0;
}
