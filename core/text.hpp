#pragma once
// Vietnamese-aware text handling for voter input (ICU underneath).
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace votercast::core::text {

// Limit on voter text, counted in Unicode code points after normalization.
inline constexpr std::size_t kMaxInputChars = 1000;

struct TextError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool is_valid_utf8(std::string_view bytes);

// Code points in valid UTF-8.
std::size_t length_chars(std::string_view utf8);

// NFC; control, format and bidi-override characters removed (newline kept only
// when keep_newlines); runs of whitespace collapsed to one space; trimmed.
// With keep_newlines, spaces around a line break are dropped and at most one blank line is kept.
// Throws TextError on invalid UTF-8.
std::string normalize(std::string_view utf8, bool keep_newlines = false);

// Diacritic-free, case-folded, punctuation-free key: "Đường ĐT743" -> "duong dt743".
// Like the functions below, throws TextError on invalid UTF-8.
std::string fold_key(std::string_view utf8);

// Key shared by near-duplicates: folded content words (stop words dropped),
// de-duplicated and sorted, so word order, filler and punctuation do not matter.
std::string near_duplicate_key(std::string_view utf8);

// One word of voter text in two forms: `lower` keeps the diacritics (NFKC case-folded),
// `folded` drops them ("Đường" -> "đường", "duong"). Some checks need the accented form
// because folding merges distinct words (ngủ/ngu, các/cặc, đi/đĩ).
struct Word {
  std::string lower;
  std::string folded;
};

// Runs of letters and digits (with their combining marks), in text order.
// fold_key() is these words' folded forms joined by spaces. Throws TextError on invalid UTF-8.
std::vector<Word> words(std::string_view utf8);

// True when every word is plain ASCII: the voter typed without diacritics, so a folded
// word may stand for any of its accented readings.
bool is_unaccented(const std::vector<Word>& words);

// The words() of one text, split in one pass and kept as views into buffers this object
// owns. split() again to reuse the buffers: a long-lived (e.g. thread_local) instance splits
// text without allocating. Views are valid until the next split().
class Words {
 public:
  struct View {
    std::string_view lower;
    std::string_view folded;
  };

  // Throws TextError on invalid UTF-8.
  void split(std::string_view utf8);

  std::size_t size() const { return spans_.size(); }
  bool empty() const { return spans_.empty(); }
  View operator[](std::size_t i) const {
    const Span& s = spans_[i];
    return {std::string_view(lower_.data() + s.lower_begin, s.lower_end - s.lower_begin),
            std::string_view(folded_.data() + s.folded_begin, s.folded_end - s.folded_begin)};
  }
  // As is_unaccented().
  bool unaccented() const { return unaccented_; }
  // The folded words joined by single spaces: fold_key() of the text.
  std::string_view folded_text() const { return folded_; }

  // Frees the buffers after a very large text, so a long-lived instance does not keep them.
  void release_if_large();

 private:
  friend class WordList;  // looks words up by the hashes below
  struct Span {
    std::size_t lower_begin, lower_end, folded_begin, folded_end;
    std::uint32_t lower_hash, folded_hash;
  };
  class Builder;
  bool split_by_code_point(std::string_view utf8);
  void split_casefolded(std::string_view utf8);

  std::string lower_;       // accented words, space-separated
  std::string folded_;      // folded words, space-separated
  std::string casefolded_;  // the NFKC_Casefold text, when it has to be folded as a whole
  std::vector<Span> spans_;
  bool unaccented_ = true;
};

// fold_key() and near_duplicate_key() of an already split text.
std::string fold_key(const Words& words);
std::string near_duplicate_key(const Words& words);

// Words and short phrases to look for in a split text. An entry matches by its accented form;
// by its folded form too when folding cannot make it ambiguous (kAlways), or only when the
// whole text is unaccented (kIfUnaccented).
class WordList {
 public:
  enum class Fold { kAlways, kIfUnaccented, kNever };
  struct Entry {
    std::string_view phrase;
    Fold fold;
  };
  explicit WordList(std::initializer_list<Entry> entries);

  // Number of words of the longest entry found at text[i], 0 if none.
  std::size_t match_at(const Words& text, std::size_t i) const;

 private:
  struct Phrase {
    std::vector<Word> words;
    Fold fold;
  };
  // First word of an entry -> the entries starting with it. Open addressing on a small,
  // at most quarter-full power-of-two table of 8-byte slots: a lookup hashes the word's bytes
  // (no key is built) and a miss, the usual answer, is one probe.
  class Index {
   public:
    void add(const std::string& key, std::size_t phrase);
    // `hash`: the key's hash, as Words computes it once per word.
    const std::vector<std::size_t>* find(std::string_view key, std::uint32_t hash) const;

   private:
    struct Key {
      std::string word;
      std::vector<std::size_t> phrases;
    };
    struct Slot {
      std::uint32_t hash = 0;
      std::uint32_t key = kFree;  // index into keys_
    };
    static constexpr std::uint32_t kFree = UINT32_MAX;
    void insert(std::uint32_t hash, std::uint32_t key);

    std::vector<Key> keys_;
    std::vector<Slot> slots_;
  };
  std::vector<Phrase> phrases_;
  Index by_lower_;
  Index by_folded_;
};

// Jaccard similarity of the folded content-word sets, in [0, 1].
double similarity(std::string_view a, std::string_view b);

}  // namespace votercast::core::text
