#include "core/text.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>

namespace votercast::core::text {
namespace {

// ICU's UTF-8 entry points take int32_t lengths.
void require_size(std::string_view s) {
  if (s.size() > static_cast<std::size_t>(INT32_MAX)) throw TextError("text too large");
}

[[noreturn]] void throw_invalid(std::size_t offset) {
  throw TextError("invalid UTF-8 at byte " + std::to_string(offset));
}

void require_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto n = static_cast<std::int64_t>(s.size());
  for (std::int64_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::int64_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) throw_invalid(static_cast<std::size_t>(start));
  }
}

const icu::Normalizer2* checked(const icu::Normalizer2* n, UErrorCode err, const char* what) {
  if (U_FAILURE(err) || n == nullptr) throw std::runtime_error(std::string("ICU ") + what + ": " + u_errorName(err));
  return n;
}

// ICU hands out process-wide immutable singletons; these only save the lookup.
const icu::Normalizer2& nfc() {
  static const icu::Normalizer2* n = [] {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFCInstance(err);
    return checked(instance, err, "NFC");
  }();
  return *n;
}

const icu::Normalizer2& nfd() {
  static const icu::Normalizer2* n = [] {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFDInstance(err);
    return checked(instance, err, "NFD");
  }();
  return *n;
}

// NFKC_Casefold: case, compatibility forms (full-width digits, ligatures) and
// default-ignorables (zero-width joiners, soft hyphens) handled in one pass.
const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2* n = [] {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFKCCasefoldInstance(err);
    return checked(instance, err, "NFKC_Casefold");
  }();
  return *n;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

bool is_space(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return u_isUWhiteSpace(c);
}

bool is_invisible(UChar32 c) {
  if (c < 0x80) return c < 0x20 || c == 0x7f;
  return (U_GET_GC_MASK(c) & (U_GC_CC_MASK | U_GC_CF_MASK)) != 0;
}

// Letters and decimal digits (as u_isalnum) plus combining marks, in one category lookup.
bool is_word_char(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_ND_MASK | U_GC_M_MASK)) != 0;
}

// Outside words, a character either ends the word before it or, like the controls and format
// characters normalize() drops, is skipped so the letters around it stay one word.
bool is_word_break(UChar32 c) { return !is_invisible(c) || is_space(c); }

// Diacritics: the marks that fold_key drops (spacing marks are kept, they are vowels in Indic scripts).
bool is_diacritic(UChar32 c) { return (U_GET_GC_MASK(c) & (U_GC_MN_MASK | U_GC_ME_MASK)) != 0; }

constexpr UChar32 kZeroWidthJoiner = 0x200D;

// A ZWJ between two pictographs glues an emoji sequence (family, profession); keep it there.
bool joins_emoji(UChar32 before, const std::uint8_t* s, std::int64_t next, std::int64_t n) {
  if (next >= n) return false;
  const bool emoji_before = before == 0xFE0F || u_hasBinaryProperty(before, UCHAR_EXTENDED_PICTOGRAPHIC) ||
                            u_hasBinaryProperty(before, UCHAR_EMOJI_MODIFIER);
  if (!emoji_before) return false;
  UChar32 after;
  U8_NEXT(s, next, n, after);
  return after >= 0 && u_hasBinaryProperty(after, UCHAR_EXTENDED_PICTOGRAPHIC);
}

void append_utf8(std::string& out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  std::int32_t len = 0;
  U8_APPEND_UNSAFE(buf, len, c);
  out.append(buf, static_cast<std::size_t>(len));
}

// Folded form of one code point of an NFKC_Casefold word: base letters only.
void append_folded(std::string& out, UChar32 c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
    return;
  }
  if (c == 0x0111) {  // đ has no decomposition: it is its own letter, not d + mark
    out += 'd';
    return;
  }
  icu::UnicodeString decomposition;
  if (!nfd().getDecomposition(c, decomposition)) {
    if (!is_diacritic(c)) append_utf8(out, c);
    return;
  }
  const UChar* d = decomposition.getBuffer();
  const std::int32_t n = decomposition.length();
  for (std::int32_t i = 0; i < n;) {
    UChar32 part;
    U16_NEXT(d, i, n, part);
    if (!is_diacritic(part)) append_utf8(out, part);
  }
}

// What the per-character loops need to know about a code point, computed once with ICU for the
// blocks Vietnamese text lives in (ASCII, Latin-1, Latin Extended A/B, Latin Extended Additional,
// General Punctuation). Other code points ask ICU directly.
enum CodePointFlag : std::uint8_t {
  kSpace = 1 << 0,      // is_space()
  kInvisible = 1 << 1,  // is_invisible()
  kNfcInert = 1 << 2,   // NFC quick check yes and combining class 0: a run of these is NFC
  // NFKC_Casefold may fold this code point on its own (it has a normalization boundary before it)
  // into at most one code point; the fields below describe that one (empty if it folds to nothing).
  kFoldsAlone = 1 << 3,
  kWordChar = 1 << 4,   // the folded code point is_word_char(); lower/folded are its two forms
  kWordBreak = 1 << 5,  // the folded code point is_word_break()
};

struct CodePointInfo {
  std::uint8_t flags = 0;
  std::uint8_t lower_len = 0;
  std::uint8_t folded_len = 0;
  char lower[3] = {};
  char folded[4] = {};
};

class CodePointTable {
 public:
  CodePointTable() {
    for (UChar32 c = 0; c < kLatinEnd; ++c) describe(c, entries_[static_cast<std::size_t>(c)]);
    for (UChar32 c = kExtendedBegin; c < kExtendedEnd; ++c) {
      describe(c, entries_[static_cast<std::size_t>(kLatinEnd + c - kExtendedBegin)]);
    }
  }

  const CodePointInfo* find(UChar32 c) const {
    if (c < kLatinEnd) return &entries_[static_cast<std::size_t>(c)];
    if (c >= kExtendedBegin && c < kExtendedEnd) return &entries_[static_cast<std::size_t>(kLatinEnd + c - kExtendedBegin)];
    return nullptr;
  }

 private:
  static constexpr UChar32 kLatinEnd = 0x0250;       // ASCII .. Latin Extended-B
  static constexpr UChar32 kExtendedBegin = 0x1E00;  // Latin Extended Additional (ạ ả ấ ầ ...)
  static constexpr UChar32 kExtendedEnd = 0x2070;    // .. General Punctuation (— … “ ” zero-width, bidi)

  static void describe(UChar32 c, CodePointInfo& info) {
    std::uint8_t flags = 0;
    if (is_space(c)) flags |= kSpace;
    if (is_invisible(c)) flags |= kInvisible;
    if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES && u_getCombiningClass(c) == 0) flags |= kNfcInert;
    info.flags = flags;

    if (!nfkc_casefold().hasBoundaryBefore(c)) return;
    std::string alone;
    append_utf8(alone, c);
    std::string folded_case;
    icu::StringByteSink<std::string> sink(&folded_case);
    UErrorCode err = U_ZERO_ERROR;
    nfkc_casefold().normalizeUTF8(0, alone, sink, nullptr, err);
    if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU NFKC_Casefold: ") + u_errorName(err));
    if (folded_case.empty()) {
      info.flags |= kFoldsAlone;
      return;
    }
    const auto* p = reinterpret_cast<const std::uint8_t*>(folded_case.data());
    const auto n = static_cast<std::int32_t>(folded_case.size());
    std::int32_t i = 0;
    UChar32 m;
    U8_NEXT(p, i, n, m);
    if (i != n || m < 0) return;  // several code points ("ß" -> "ss"): left to the whole-text path
    if (!is_word_char(m)) {
      info.flags |= kFoldsAlone | (is_word_break(m) ? kWordBreak : 0);
      return;
    }
    std::string base;
    append_folded(base, m);
    if (folded_case.size() > sizeof info.lower || base.size() > sizeof info.folded) return;
    std::copy(folded_case.begin(), folded_case.end(), info.lower);
    std::copy(base.begin(), base.end(), info.folded);
    info.lower_len = static_cast<std::uint8_t>(folded_case.size());
    info.folded_len = static_cast<std::uint8_t>(base.size());
    info.flags |= kFoldsAlone | kWordChar;
  }

  std::array<CodePointInfo, static_cast<std::size_t>(kLatinEnd + kExtendedEnd - kExtendedBegin)> entries_;
};

const CodePointTable& code_points() {
  static const CodePointTable table;
  return table;
}

// kSpace and kInvisible of any code point, kNfcInert only where the table knows it.
std::uint8_t normalize_flags(const CodePointTable& table, UChar32 c) {
  if (const CodePointInfo* info = table.find(c)) return info->flags;
  return static_cast<std::uint8_t>((is_space(c) ? kSpace : 0) | (is_invisible(c) ? kInvisible : 0));
}

template <class T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Words are short: the bytes are covered by two overlapping loads (or three single bytes),
// mixed with the length by two multiplications. No loop, for the lookups of every word.
std::uint32_t hash_word(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = load<std::uint64_t>(p);
    b = load<std::uint64_t>(p + n - 8);
  } else if (n >= 4) {
    a = load<std::uint32_t>(p);
    b = load<std::uint32_t>(p + n - 4);
  } else if (n > 0) {
    a = static_cast<unsigned char>(p[0]) | static_cast<unsigned char>(p[n / 2]) << 8 |
        static_cast<unsigned char>(p[n - 1]) << 16;
  }
  const std::uint64_t h = a * 0x9E3779B97F4A7C15u ^ (b + n) * 0xC2B2AE3D27D4EB4Fu;
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

enum class Scan {
  kAsIs,      // nothing to remove or collapse, and NFC
  kCheckNfc,  // nothing to remove or collapse; NFC for ICU to decide
  kRewrite,   // invisibles, line breaks or whitespace to collapse or trim
};

// Most input is a clean line of NFC text: one table-driven pass proves it. Throws on invalid
// UTF-8 it reaches (kRewrite stops early; normalize()'s own loop then finds the same byte).
Scan scan(std::string_view utf8, const CodePointTable& table) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto n = static_cast<std::int64_t>(utf8.size());
  bool nfc_known = true;
  bool after_space = true;  // a leading space needs trimming
  for (std::int64_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      const std::uint8_t b = s[i++];
      if (b == ' ') {
        if (after_space) return Scan::kRewrite;
        after_space = true;
      } else if (b < 0x20 || b == 0x7f) {
        return Scan::kRewrite;
      } else {
        after_space = false;
      }
      continue;
    }
    const std::int64_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) throw_invalid(static_cast<std::size_t>(start));
    const CodePointInfo* info = table.find(c);
    if (info == nullptr) {
      if (is_space(c) || is_invisible(c)) return Scan::kRewrite;
      nfc_known = false;
    } else {
      if ((info->flags & (kSpace | kInvisible)) != 0) return Scan::kRewrite;
      if ((info->flags & kNfcInert) == 0) nfc_known = false;
    }
    after_space = false;
  }
  if (n > 0 && after_space) return Scan::kRewrite;  // trailing space
  return nfc_known ? Scan::kAsIs : Scan::kCheckNfc;
}

std::string to_nfc(std::string s) {
  UErrorCode err = U_ZERO_ERROR;
  if (nfc().isNormalizedUTF8(s, err) && U_SUCCESS(err)) return s;
  std::string composed;
  composed.reserve(s.size());
  icu::StringByteSink<std::string> sink(&composed);
  err = U_ZERO_ERROR;
  nfc().normalizeUTF8(0, s, sink, nullptr, err);
  if (U_FAILURE(err)) throw TextError(std::string("NFC normalization failed: ") + u_errorName(err));
  return composed;
}

// Filler of a voter's question. Matching rules are WordList's: entries marked kNever fold to
// content words that matter here (thẻ/the, chợ/cho, đèn/den, Minh/mình, chi trả/chị).
const WordList& stop_words() {
  using F = WordList::Fold;
  static const WordList list{
      {"xin", F::kIfUnaccented},    {"hỏi", F::kNever},          {"xin hỏi", F::kIfUnaccented},
      {"cho hỏi", F::kIfUnaccented}, {"cho", F::kNever},         {"tôi", F::kIfUnaccented},
      {"chúng", F::kIfUnaccented},  {"ta", F::kIfUnaccented},    {"mình", F::kNever},
      {"anh", F::kNever},           {"chị", F::kNever},          {"là", F::kIfUnaccented},
      {"và", F::kIfUnaccented},     {"của", F::kIfUnaccented},   {"có", F::kIfUnaccented},
      {"không", F::kIfUnaccented},  {"ko", F::kIfUnaccented},    {"k", F::kIfUnaccented},
      {"khi", F::kIfUnaccented},    {"nào", F::kIfUnaccented},   {"bao giờ", F::kIfUnaccented},
      {"được", F::kIfUnaccented},   {"thì", F::kIfUnaccented},   {"đã", F::kIfUnaccented},
      {"đang", F::kIfUnaccented},   {"sẽ", F::kIfUnaccented},    {"những", F::kIfUnaccented},
      {"các", F::kIfUnaccented},    {"một", F::kIfUnaccented},   {"này", F::kIfUnaccented},
      {"đó", F::kIfUnaccented},     {"ở", F::kIfUnaccented},     {"đến", F::kNever},
      {"với", F::kIfUnaccented},    {"về", F::kIfUnaccented},    {"à", F::kIfUnaccented},
      {"ạ", F::kIfUnaccented},      {"ơi", F::kIfUnaccented},    {"vậy", F::kNever},
      {"thế", F::kNever},           {"thế nào", F::kIfUnaccented}, {"nhé", F::kIfUnaccented},
      {"nhỉ", F::kIfUnaccented},    {"dạ", F::kNever},           {"thưa", F::kIfUnaccented},
      {"vì", F::kIfUnaccented},     {"sao", F::kIfUnaccented},   {"tại sao", F::kIfUnaccented},
      {"làm sao", F::kIfUnaccented}, {"gì", F::kIfUnaccented},   {"mà", F::kIfUnaccented},
      {"nên", F::kIfUnaccented},    {"rất", F::kIfUnaccented},   {"quá", F::kIfUnaccented},
      {"cũng", F::kIfUnaccented},   {"vẫn", F::kIfUnaccented},   {"còn", F::kNever},
      {"lại", F::kIfUnaccented},    {"để", F::kIfUnaccented},    {"từ", F::kNever},
      {"trong", F::kIfUnaccented},  {"như", F::kNever},          {"hay", F::kIfUnaccented},
      {"hoặc", F::kIfUnaccented},   {"nếu", F::kIfUnaccented},   {"nhưng", F::kIfUnaccented},
      {"bị", F::kIfUnaccented},
  };
  return list;
}

// A content word with its first 8 bytes packed big-endian: sorting compares integers, and
// the bytes only when two words share those 8 (words hold no NUL, so padding sorts first).
struct SortableWord {
  std::uint64_t prefix;
  std::string_view word;

  explicit SortableWord(std::string_view w) : prefix(0), word(w) {
    const std::size_t n = std::min<std::size_t>(w.size(), 8);
    for (std::size_t k = 0; k < n; ++k) prefix |= std::uint64_t{static_cast<unsigned char>(w[k])} << (56 - 8 * k);
  }
  bool operator<(const SortableWord& o) const { return prefix != o.prefix ? prefix < o.prefix : word < o.word; }
  bool operator==(const SortableWord& o) const { return prefix == o.prefix && word == o.word; }
};

// Content words of a question (views into `words`), sorted and de-duplicated; split at
// letter/digit boundaries so "ĐT743" and "ĐT 743" agree.
void content_words(const Words& words, std::vector<SortableWord>& out) {
  out.clear();
  for (std::size_t i = 0; i < words.size();) {
    if (const std::size_t skip = stop_words().match_at(words, i)) {
      i += skip;
      continue;
    }
    const std::string_view f = words[i].folded;
    std::size_t start = 0;
    for (std::size_t k = 1; k <= f.size(); ++k) {
      const bool boundary = k == f.size() || ((f[k] >= '0' && f[k] <= '9') != (f[k - 1] >= '0' && f[k - 1] <= '9'));
      if (!boundary) continue;
      out.emplace_back(f.substr(start, k - start));
      start = k;
    }
    ++i;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::string join(const std::vector<SortableWord>& parts) {
  std::size_t size = parts.empty() ? 0 : parts.size() - 1;
  for (const SortableWord& p : parts) size += p.word.size();
  std::string out;
  out.reserve(size);
  for (const SortableWord& p : parts) {
    if (!out.empty()) out += ' ';
    out += p.word;
  }
  return out;
}

// The string-taking functions split into a per-thread instance; huge texts do not stay pinned.
class ScratchWords {
 public:
  explicit ScratchWords(std::string_view utf8) : words_(instance()) { words_.split(utf8); }
  ~ScratchWords() { words_.release_if_large(); }
  ScratchWords(const ScratchWords&) = delete;
  ScratchWords& operator=(const ScratchWords&) = delete;
  const Words& operator*() const { return words_; }

 private:
  static Words& instance() {
    thread_local Words words;
    return words;
  }
  Words& words_;
};

}  // namespace

// Appends words to a Words as the split finds their characters, with words() semantics: a run
// that folds to nothing (combining marks alone) is no word.
class Words::Builder {
 public:
  explicit Builder(Words& words) : w_(words) {
    w_.lower_.clear();
    w_.folded_.clear();
    w_.spans_.clear();
  }

  // Before appending a word character to lower() and folded().
  void open() {
    if (in_word_) return;
    in_word_ = true;
    lower_mark_ = w_.lower_.size();
    folded_mark_ = w_.folded_.size();
    if (!w_.spans_.empty()) {
      w_.lower_ += ' ';
      w_.folded_ += ' ';
    }
    lower_begin_ = w_.lower_.size();
    folded_begin_ = w_.folded_.size();
  }
  std::string& lower() { return w_.lower_; }
  std::string& folded() { return w_.folded_; }
  // Most forms are one byte (ASCII); push_back is cheaper than a memcpy call for those.
  static void append(std::string& out, const char* bytes, std::size_t n) {
    out.append(bytes, n);
  }

  void close() {
    if (!in_word_) return;
    in_word_ = false;
    if (w_.folded_.size() == folded_begin_) {
      w_.lower_.resize(lower_mark_);
      w_.folded_.resize(folded_mark_);
      return;
    }
    const std::string_view lower(w_.lower_.data() + lower_begin_, w_.lower_.size() - lower_begin_);
    const std::string_view folded(w_.folded_.data() + folded_begin_, w_.folded_.size() - folded_begin_);
    w_.spans_.push_back(Span{lower_begin_, w_.lower_.size(), folded_begin_, w_.folded_.size(), hash_word(lower),
                             hash_word(folded)});
  }

  void finish() {
    close();
    w_.unaccented_ = is_ascii(w_.lower_);
  }

 private:
  Words& w_;
  bool in_word_ = false;
  std::size_t lower_mark_ = 0, folded_mark_ = 0, lower_begin_ = 0, folded_begin_ = 0;
};

void Words::split(std::string_view utf8) {
  require_size(utf8);
  if (!split_by_code_point(utf8)) split_casefolded(utf8);
}

// The usual case: every code point has a normalization boundary before it, so NFKC_Casefold of
// the text is that of each code point on its own, which the table (or ICU's isInert) gives.
// Returns false, having split nothing useful, when some code point needs the whole-text path.
bool Words::split_by_code_point(std::string_view utf8) {
  const CodePointTable& table = code_points();
  Builder b(*this);
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto n = static_cast<std::int64_t>(utf8.size());
  for (std::int64_t i = 0; i < n;) {
    const std::int64_t start = i;
    UChar32 c;
    if (s[i] < 0x80) {
      c = s[i++];
    } else {
      U8_NEXT(s, i, n, c);
      if (c < 0) throw_invalid(static_cast<std::size_t>(start));
    }
    if (const CodePointInfo* info = table.find(c)) {
      if ((info->flags & kFoldsAlone) == 0) return false;
      if ((info->flags & kWordChar) != 0) {
        b.open();
        b.append(b.lower(), info->lower, info->lower_len);
        b.append(b.folded(), info->folded, info->folded_len);
      } else if ((info->flags & kWordBreak) != 0) {
        b.close();
      }
      continue;
    }
    if (!nfkc_casefold().isInert(c)) return false;
    if (is_word_char(c)) {  // NFKC_Casefold leaves c as it is
      b.open();
      b.lower().append(utf8.data() + start, static_cast<std::size_t>(i - start));
      append_folded(b.folded(), c);
    } else if (is_word_break(c)) {
      b.close();
    }
  }
  b.finish();
  return true;
}

// Marks to compose, compatibility characters with several code points, and the like:
// NFKC_Casefold the whole text with ICU, then split what it gives.
void Words::split_casefolded(std::string_view utf8) {
  require_utf8(utf8);
  casefolded_.clear();
  icu::StringByteSink<std::string> sink(&casefolded_);
  UErrorCode err = U_ZERO_ERROR;
  nfkc_casefold().normalizeUTF8(0, icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())), sink,
                                nullptr, err);
  if (U_FAILURE(err)) throw TextError(std::string("case folding failed: ") + u_errorName(err));

  Builder b(*this);
  const auto* s = reinterpret_cast<const std::uint8_t*>(casefolded_.data());
  const auto n = static_cast<std::int64_t>(casefolded_.size());
  for (std::int64_t i = 0; i < n;) {
    const std::int64_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (is_word_char(c)) {
      b.open();
      b.lower().append(casefolded_.data() + start, static_cast<std::size_t>(i - start));
      append_folded(b.folded(), c);
    } else if (is_word_break(c)) {
      b.close();
    }
  }
  b.finish();
}

void Words::release_if_large() {
  constexpr std::size_t kKeepBytes = 64 * 1024;
  if (lower_.capacity() + folded_.capacity() + casefolded_.capacity() + spans_.capacity() * sizeof(Span) >
      kKeepBytes) {
    *this = Words{};
  }
}

bool is_valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const auto n = static_cast<std::int64_t>(bytes.size());
  for (std::int64_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::size_t length_chars(std::string_view utf8) {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

std::string normalize(std::string_view utf8, bool keep_newlines) {
  require_size(utf8);
  const CodePointTable& table = code_points();
  switch (scan(utf8, table)) {
    case Scan::kAsIs:
      return std::string(utf8);
    case Scan::kCheckNfc:
      return to_nfc(std::string(utf8));
    case Scan::kRewrite:
      break;
  }

  // One pass drops invisibles and collapses whitespace, copying the kept bytes as they are;
  // NFC afterwards, so a mark split from its base by a removed character still composes.
  std::string out;
  out.reserve(utf8.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto n = static_cast<std::int64_t>(utf8.size());
  bool pending_space = false;
  int pending_newlines = 0;
  bool nfc_known = true;
  UChar32 last = 0;
  for (std::int64_t i = 0; i < n;) {
    const std::int64_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) throw_invalid(static_cast<std::size_t>(start));
    if (c == '\n' && keep_newlines) {
      ++pending_newlines;
      continue;
    }
    const std::uint8_t flags = normalize_flags(table, c);
    if ((flags & kSpace) != 0) {
      pending_space = true;
      continue;
    }
    if ((flags & kInvisible) != 0) {
      const bool glued = !out.empty() && !pending_space && pending_newlines == 0;
      if (!(c == kZeroWidthJoiner && glued && joins_emoji(last, s, i, n))) continue;
    }
    if (!out.empty()) {
      if (pending_newlines > 0) {
        out.append(pending_newlines > 1 ? 2 : 1, '\n');
      } else if (pending_space) {
        out += ' ';
      }
    }
    pending_space = false;
    pending_newlines = 0;
    out.append(utf8.data() + start, static_cast<std::size_t>(i - start));
    if ((flags & kNfcInert) == 0) nfc_known = false;
    last = c;
  }
  return nfc_known ? out : to_nfc(std::move(out));
}

std::vector<Word> words(std::string_view utf8) {
  // Not the per-thread scratch: WordList's constructor calls this, maybe while a caller
  // is matching words held there.
  Words split;
  split.split(utf8);
  std::vector<Word> out;
  out.reserve(split.size());
  for (std::size_t i = 0; i < split.size(); ++i) {
    const Words::View w = split[i];
    out.push_back(Word{std::string(w.lower), std::string(w.folded)});
  }
  return out;
}

std::string fold_key(const Words& words) { return std::string(words.folded_text()); }

std::string fold_key(std::string_view utf8) { return fold_key(*ScratchWords(utf8)); }

bool is_unaccented(const std::vector<Word>& words) {
  return std::all_of(words.begin(), words.end(), [](const Word& w) { return is_ascii(w.lower); });
}

void WordList::Index::add(const std::string& key, std::size_t phrase) {
  const std::uint32_t hash = hash_word(key);
  if (!slots_.empty()) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask; slots_[i].key != kFree; i = (i + 1) & mask) {
      Key& k = keys_[slots_[i].key];
      if (slots_[i].hash == hash && k.word == key) {
        k.phrases.push_back(phrase);
        return;
      }
    }
  }
  keys_.push_back(Key{key, {phrase}});
  if (keys_.size() * 4 > slots_.size()) {
    slots_.assign(std::max<std::size_t>(16, slots_.size() * 2), Slot{});
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      insert(hash_word(keys_[k].word), static_cast<std::uint32_t>(k));
    }
  } else {
    insert(hash, static_cast<std::uint32_t>(keys_.size() - 1));
  }
}

void WordList::Index::insert(std::uint32_t hash, std::uint32_t key) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].key != kFree) i = (i + 1) & mask;
  slots_[i] = Slot{hash, key};
}

const std::vector<std::size_t>* WordList::Index::find(std::string_view key, std::uint32_t hash) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask; slots_[i].key != kFree; i = (i + 1) & mask) {
    if (slots_[i].hash != hash) continue;
    const Key& k = keys_[slots_[i].key];
    if (k.word == key) return &k.phrases;
  }
  return nullptr;
}

WordList::WordList(std::initializer_list<Entry> entries) {
  for (const Entry& e : entries) {
    std::vector<Word> ws = text::words(e.phrase);
    if (ws.empty()) continue;
    const std::size_t index = phrases_.size();
    by_lower_.add(ws.front().lower, index);
    if (e.fold != Fold::kNever) by_folded_.add(ws.front().folded, index);
    phrases_.push_back(Phrase{std::move(ws), e.fold});
  }
}

std::size_t WordList::match_at(const Words& text, std::size_t i) const {
  if (i >= text.size()) return 0;
  std::size_t best = 0;
  auto try_phrase = [&](const Phrase& p, bool by_folded) {
    if (p.words.size() <= best || text.size() - i < p.words.size()) return;
    for (std::size_t k = 0; k < p.words.size(); ++k) {
      const Words::View t = text[i + k];
      if (by_folded ? t.folded != p.words[k].folded : t.lower != p.words[k].lower) return;
    }
    best = p.words.size();
  };
  const Words::View first = text[i];
  const Words::Span& span = text.spans_[i];
  if (const auto* found = by_lower_.find(first.lower, span.lower_hash)) {
    for (std::size_t p : *found) try_phrase(phrases_[p], false);
  }
  if (const auto* found = by_folded_.find(first.folded, span.folded_hash)) {
    for (std::size_t index : *found) {
      const Phrase& p = phrases_[index];
      if (p.fold == Fold::kAlways || (p.fold == Fold::kIfUnaccented && text.unaccented())) try_phrase(p, true);
    }
  }
  return best;
}

std::string near_duplicate_key(const Words& words) {
  thread_local std::vector<SortableWord> parts;
  content_words(words, parts);
  return join(parts);
}

std::string near_duplicate_key(std::string_view utf8) { return near_duplicate_key(*ScratchWords(utf8)); }

double similarity(std::string_view a, std::string_view b) {
  Words split_a, split_b;
  split_a.split(a);
  split_b.split(b);
  std::vector<SortableWord> wa, wb;
  content_words(split_a, wa);
  content_words(split_b, wb);
  // Two texts with no content words share the same (empty) key: call them the same.
  if (wa.empty() && wb.empty()) return 1.0;
  std::vector<SortableWord> common;
  std::set_intersection(wa.begin(), wa.end(), wb.begin(), wb.end(), std::back_inserter(common));
  const std::size_t unite = wa.size() + wb.size() - common.size();
  return static_cast<double>(common.size()) / static_cast<double>(unite);
}

}  // namespace votercast::core::text
