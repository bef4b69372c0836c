#pragma once
// The keyword a voter starts an SMS with ("DT câu hỏi…", "HOI …", "BC 2"): which service the
// message is for. Matched on the first word, case- and diacritic-insensitively ("hỏi", "HOI",
// "Hoi:", "Đt" all match), and stripped from the text that is stored.
//
// Folding makes different words equal ("Hội đồng…" folds to HOI too), so a keyword may list its
// spellings with diacritics: a first word typed with diacritics then matches only those
// ("hỏi", not "hội"). Without diacritics it always matches ("HOI", "hoi").
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/text.hpp"

namespace votercast::core::sms {

enum class SmsAction {
  question,   // a question for the programme's queue
  poll_vote,  // a vote in the running poll (for later)
  help,       // answer with the help text, store nothing
};

// What to do with a message whose first word is no keyword.
enum class UnknownKeywordRule {
  accept,  // the whole text is a question (voters forget keywords)
  help,    // answer with the help text
};

struct KeywordMatch {
  SmsAction action = SmsAction::question;
  std::string keyword;  // the table's keyword as configured ("HOI"); empty when none matched
  std::string rest;     // the normalized text after the keyword and its separators; may be empty
};

class KeywordTable {
 public:
  struct Entry {
    std::string keyword;  // one word; any case, with or without diacritics
    SmsAction action;
    std::vector<std::string> accented = {};  // its spellings with diacritics, if any ("hỏi")
  };

  // Throws DomainError(invalid_input, "keyword_invalid") for a keyword that is not one word,
  // or "keyword_duplicate" for two that fold to the same word.
  KeywordTable(std::vector<Entry> entries, UnknownKeywordRule unknown);

  // DT and HOI (hỏi) ask a question, BC votes; no keyword: the whole text is a question.
  static KeywordTable defaults();
  // The entries of defaults(), for a table with another unknown-keyword rule.
  static std::vector<Entry> default_entries();

  // `text` is the message (UTF-8; InboundSms::text). Throws DomainError(invalid_input,
  // "invalid_encoding") for invalid UTF-8.
  KeywordMatch match(std::string_view text) const;

  UnknownKeywordRule unknown_rule() const { return unknown_; }

 private:
  struct Known {
    Entry entry;
    std::vector<std::string> accented_lower;  // the accented spellings, case-folded
  };
  // A first word that folds to the keyword: is it one of its spellings?
  static bool spelled_as(const Known& known, const text::Word& word);

  std::unordered_map<std::string, Known> by_folded_;  // text::fold_key(keyword) -> entry
  UnknownKeywordRule unknown_;
};

}  // namespace votercast::core::sms
