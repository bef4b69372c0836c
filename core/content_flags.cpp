#include "core/content_flags.hpp"

#include "core/text.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>

namespace votercast::core {
namespace {

using text::WordList;

// Folding merges many Vietnamese words, so each entry says when its folded form may match:
//  kAlways        the folded form is nothing but the insult ("dm", "vcl", "địt", "khốn nạn").
//  kIfUnaccented  accented text must spell it; a text typed without diacritics matches folded
//                 ("do ngu" there is most likely "đồ ngu", rarely "do ngủ").
//  kNever         folding collides with everyday words: ngủ/ngữ/ngư -> ngu, các -> cặc, lớn -> lồn,
//                 buổi -> buồi, đi -> đĩ, điểm -> điếm, đeo/đèo -> đéo, đủ/du lịch -> đụ,
//                 mất dây (cable theft) -> mất dạy, hàng tháng cho -> thằng chó.
// So bare "ngu" is never matched; it is an insult in the phrases below. "cc" is left out:
// it is also short for chung cư (apartment block) in housing questions.
const WordList& profanity() {
  using F = WordList::Fold;
  static const WordList list{
      // Chat abbreviations: no other reading.
      {"đm", F::kAlways}, {"đcm", F::kAlways}, {"đmm", F::kAlways}, {"đkm", F::kAlways}, {"dcmm", F::kAlways},
      {"vcl", F::kAlways}, {"vkl", F::kAlways}, {"vl", F::kAlways}, {"clm", F::kAlways}, {"cmm", F::kAlways},
      {"cmn", F::kAlways}, {"clgt", F::kAlways}, {"vcc", F::kAlways},
      // Words and phrases whose folded form is only the insult.
      {"địt", F::kAlways}, {"đếch", F::kAlways}, {"khốn nạn", F::kAlways}, {"khốn kiếp", F::kAlways},
      {"ngu ngốc", F::kAlways},
      // Insults whose folded form is rare enough in text typed without diacritics.
      {"đồ ngu", F::kIfUnaccented}, {"thằng ngu", F::kIfUnaccented}, {"bọn ngu", F::kIfUnaccented},
      {"ngu thế", F::kIfUnaccented}, {"ngu si", F::kIfUnaccented}, {"ngu như bò", F::kIfUnaccented},
      {"ngu như chó", F::kIfUnaccented}, {"ngu như lợn", F::kIfUnaccented}, {"óc chó", F::kIfUnaccented},
      {"chó chết", F::kIfUnaccented}, {"đụ má", F::kIfUnaccented}, {"đụ mẹ", F::kIfUnaccented},
      {"đù má", F::kIfUnaccented}, {"mẹ mày", F::kIfUnaccented}, {"con mẹ mày", F::kIfUnaccented},
      {"vãi lồn", F::kIfUnaccented}, {"ăn cứt", F::kIfUnaccented}, {"đồ khốn", F::kIfUnaccented},
      // Accented spelling only (see above).
      {"đéo", F::kNever}, {"đụ", F::kNever}, {"lồn", F::kNever}, {"cặc", F::kNever}, {"buồi", F::kNever},
      {"đĩ", F::kNever}, {"điếm", F::kNever}, {"cứt", F::kNever}, {"mất dạy", F::kNever},
      {"con ngu", F::kNever}, {"lũ ngu", F::kNever}, {"đồ chó", F::kNever}, {"thằng chó", F::kNever},
      {"chó má", F::kNever}, {"súc sinh", F::kNever}, {"đần độn", F::kNever}, {"đồ đần", F::kNever},
  };
  return list;
}

bool has_profanity(const text::Words& words) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (profanity().match_at(words, i) > 0) return true;
  }
  return false;
}

bool ascii_alnum(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

char ascii_lower(char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; }

bool ascii_letter(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }

// t[i..] starts with `prefix` (lowercase), ignoring ASCII case.
bool has_prefix_at(std::string_view t, std::size_t i, std::string_view prefix) {
  if (t.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (ascii_lower(t[i + k]) != prefix[k]) return false;
  }
  return true;
}

// http(s)://, www. or a bare domain such as "abc.com", "xyz.com.vn", "bit.ly". Abbreviations
// with a dot ("TP. Dĩ An", "TP.HCM", "v.v.") do not end in one of these endings.
bool has_link(std::string_view t) {
  for (std::size_t colon = t.find("://"); colon != std::string_view::npos; colon = t.find("://", colon + 1)) {
    if ((colon >= 4 && has_prefix_at(t, colon - 4, "http")) || (colon >= 5 && has_prefix_at(t, colon - 5, "https"))) {
      return true;
    }
  }
  static constexpr std::array<std::string_view, 17> kEndings = {
      "com", "net", "org", "info", "biz", "vn", "io", "me", "co", "xyz", "top", "site", "online", "shop", "link", "ly", "gl"};
  constexpr std::size_t kLongestEnding = 6;
  for (std::size_t dot = t.find('.'); dot != std::string_view::npos; dot = t.find('.', dot + 1)) {
    if (dot >= 3 && has_prefix_at(t, dot - 3, "www")) return true;
    if (dot == 0 || !(ascii_alnum(t[dot - 1]) || t[dot - 1] == '-')) continue;
    std::size_t end = dot + 1;
    while (end < t.size() && ascii_letter(t[end])) ++end;
    // A non-ASCII byte right after means the "ending" is the start of a Vietnamese word.
    if (end < t.size() && (ascii_alnum(t[end]) || static_cast<unsigned char>(t[end]) >= 0x80)) continue;
    const std::size_t length = end - dot - 1;
    if (length > kLongestEnding) continue;
    std::array<char, kLongestEnding> lower{};
    for (std::size_t k = 0; k < length; ++k) lower[k] = ascii_lower(t[dot + 1 + k]);
    const std::string_view ending(lower.data(), length);
    for (std::string_view e : kEndings) {
      if (ending == e) return true;
    }
  }
  return false;
}

// What the spam rules count, in one pass over the text.
struct Shape {
  bool long_repeat = false;
  std::size_t letters = 0;
  std::size_t upper = 0;
  int phone_numbers = 0;
};

bool ascii_digit(std::uint8_t b) { return b >= '0' && b <= '9'; }

// Repeats: digits and dots are left out of the rule: "1000000 đồng" and "......" are ordinary.
// Letters, capitals and digits as u_isalpha, u_isupper and u_isdigit: general categories L, Lu, Nd.
// Phone numbers: digit runs, where single spaces, dots or hyphens may group digits ("0912 345 678");
// each 9 digits of a run count as one number, so numbers listed with spaces still count.
Shape shape_of(std::string_view t) {
  Shape s;
  const auto* p = reinterpret_cast<const std::uint8_t*>(t.data());
  const auto n = static_cast<std::int64_t>(t.size());
  UChar32 prev = -1;
  int repeat = 0;
  std::size_t digit_run = 0;
  auto end_digit_run = [&] {
    if (digit_run >= 9) s.phone_numbers += static_cast<int>(digit_run / 9);
    digit_run = 0;
  };
  for (std::int64_t i = 0; i < n;) {
    UChar32 c;
    bool letter, upper, digit;
    if (p[i] < 0x80) {
      c = p[i++];
      upper = c >= 'A' && c <= 'Z';
      letter = upper || (c >= 'a' && c <= 'z');
      digit = c >= '0' && c <= '9';
      if (digit) {
        ++digit_run;
      } else if (!((c == ' ' || c == '.' || c == '-') && digit_run > 0 && i < n && ascii_digit(p[i]))) {
        end_digit_run();
      }
    } else {
      U8_NEXT(p, i, n, c);
      const auto category = static_cast<std::int8_t>(u_charType(c));
      letter = (U_MASK(category) & U_GC_L_MASK) != 0;
      upper = category == U_UPPERCASE_LETTER;
      digit = category == U_DECIMAL_DIGIT_NUMBER;
      end_digit_run();
    }
    repeat = c == prev ? repeat + 1 : 1;
    prev = c;
    if (repeat >= 6 && c != '.' && c != ' ' && !digit) s.long_repeat = true;
    if (letter) {
      ++s.letters;
      if (upper) ++s.upper;
    }
  }
  end_digit_run();
  return s;
}

bool is_spam(std::string_view t) {
  if (has_link(t)) return true;
  const Shape s = shape_of(t);
  const bool shouting = s.letters >= 20 && s.upper * 10 >= s.letters * 7;
  return s.phone_numbers >= 3 || s.long_repeat || shouting;
}

ContentFlags flags_of(std::string_view normalized_text, const text::Words& words) {
  ContentFlags flags;
  flags.profanity = has_profanity(words);
  flags.spam = is_spam(normalized_text);
  flags.too_long = text::length_chars(normalized_text) > kOnAirSoftLimitChars;
  return flags;
}

// A per-thread split of the text, so analysis allocates nothing for words; a huge text's
// buffers are not kept.
class SplitText {
 public:
  explicit SplitText(std::string_view utf8) : words_(instance()) { words_.split(utf8); }
  ~SplitText() { words_.release_if_large(); }
  SplitText(const SplitText&) = delete;
  SplitText& operator=(const SplitText&) = delete;
  const text::Words& words() const { return words_; }

 private:
  static text::Words& instance() {
    thread_local text::Words words;
    return words;
  }
  text::Words& words_;
};

}  // namespace

ContentFlags assess_content(std::string_view normalized_text) {
  const SplitText split(normalized_text);
  return flags_of(normalized_text, split.words());
}

TextAnalysis analyze(std::string_view normalized_text) {
  const SplitText split(normalized_text);
  TextAnalysis a;
  a.fold_key = text::fold_key(split.words());
  a.near_key = text::near_duplicate_key(split.words());
  a.flags = flags_of(normalized_text, split.words());
  return a;
}

}  // namespace votercast::core
