#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace votercast::core {

// Longest text that still fits the on-air question card comfortably.
inline constexpr std::size_t kOnAirSoftLimitChars = 300;

struct ContentFlags {
  bool profanity = false;  // Vietnamese insults/obscenities, with or without diacritics
  bool spam = false;       // links, phone-number lists, repeated characters, shouting
  bool too_long = false;   // longer than kOnAirSoftLimitChars: needs an edit for air
};

// Input is already normalized text.
ContentFlags assess_content(std::string_view normalized_text);

// What intake derives from a question's text: text::fold_key(), text::near_duplicate_key() and
// assess_content() of it, all from one split of the text into words.
struct TextAnalysis {
  std::string fold_key;
  std::string near_key;
  ContentFlags flags;
};

// Input is already normalized text. Throws text::TextError on invalid UTF-8, as the three do.
TextAnalysis analyze(std::string_view normalized_text);

}  // namespace votercast::core
